import { declineCategory } from './decline-category';
import { assertMoney, type Money } from './money';
import {
  PaymentBreakerOpenError,
  PaymentDeclinedError,
  PaymentErrorCode,
  paymentPermanent,
  type PaymentEndpoint,
} from './payments.errors';
import type {
  AuthorizationRequest,
  CaptureRequest,
  PaymentIntent,
  PaymentRefund,
  PaymentsHealth,
  PaymentsPort,
  RefundRequest,
  VoidRequest,
} from './payments.port';

export type PaymentOperationName = keyof Omit<PaymentsPort, 'health'>;

const FIRST_ENDPOINT: Record<PaymentOperationName, PaymentEndpoint> = {
  authorize: 'findIntents',
  capture: 'captureIntent',
  voidAuthorization: 'cancelIntent',
  refund: 'createRefund',
  getIntent: 'getIntent',
  findIntentByIdempotencyKey: 'findIntents',
};

/** The simulator's declining test tokens, so unit specs and e2e tests speak the same language. */
export const DECLINING_TEST_TOKENS: Readonly<Record<string, string>> = {
  pm_card_chargeDeclinedStolenCard: 'stolen_card',
  pm_card_chargeDeclinedLostCard: 'lost_card',
  pm_card_chargeDeclinedAccountClosed: 'account_closed',
  pm_card_chargeDeclinedInsufficientFunds: 'insufficient_funds',
  pm_card_chargeDeclinedTryAgainLater: 'try_again_later',
};

export interface FakeEffect {
  kind: 'authorization' | 'capture' | 'void' | 'refund';
  intentId: string;
  amount: Money;
}

export interface ScriptedPaymentFailure {
  operations?: PaymentOperationName[];
  /** The operation takes effect before failing: the lost answer a timeout hides. */
  applied?: boolean;
}

type Outcome = { operation: PaymentOperationName } & ({ value: unknown } | { error: unknown });

interface PendingFailure extends ScriptedPaymentFailure {
  remaining: number;
  error: () => Error;
}

/**
 * An in-memory processor for unit tests of the port's users: idempotency keys honoured (a repeat
 * returns the first result), declining tokens as the simulator's, failures and the breaker
 * scriptable, and a ledger of effects to assert nothing was charged twice.
 */
export class FakePaymentProcessor implements PaymentsPort {
  readonly health: PaymentsHealth;
  readonly effects: FakeEffect[] = [];
  readonly calls: { operation: PaymentOperationName; id: string }[] = [];
  private readonly intents = new Map<string, PaymentIntent>();
  private readonly byKey = new Map<string, Outcome>();
  /** The authorization key of each intent. */
  private readonly keys = new Map<string, string>();
  private readonly failures: PendingFailure[] = [];
  private readonly recovered = new Set<() => void>();
  private open = false;
  private refunds = 0;

  constructor(private readonly options: { authorizationTtlMs?: number } = {}) {
    this.health = {
      breakerOpen: () => this.open,
      onRecovered: (listener) => {
        this.recovered.add(listener);
        return () => this.recovered.delete(listener);
      },
    };
  }

  /** The next `count` matching calls reject with `error` (a fresh one per call if a factory). */
  failNext(count: number, error: Error | (() => Error), script: ScriptedPaymentFailure = {}): this {
    const make = typeof error === 'function' ? error : () => error;
    this.failures.push({ ...script, remaining: count, error: make });
    return this;
  }

  /** While open, every call rejects with `PaymentBreakerOpenError`; closing notifies `onRecovered`. */
  setBreakerOpen(open: boolean): void {
    const recovering = this.open && !open;
    this.open = open;
    if (recovering) for (const listener of this.recovered) listener();
  }

  /** The hold lapses now, as the processor would after its authorization lifetime. */
  expire(intentId: string): void {
    Object.assign(this.stored(intentId), {
      status: 'expired',
      capturable: { ...this.stored(intentId).capturable, amountMinor: 0 },
      authorizationExpiresAt: null,
    });
  }

  async authorize(request: AuthorizationRequest): Promise<PaymentIntent> {
    assertMoney(request.amount, 'authorize.amount');
    return this.once('authorize', request.idempotencyKey, () => this.hold(request));
  }

  async capture(intentId: string, request: CaptureRequest): Promise<PaymentIntent> {
    if (request.amount) assertMoney(request.amount, 'capture.amount');
    return this.once('capture', request.idempotencyKey, () => {
      const intent = this.stored(intentId);
      this.expectStatus(intent, 'authorized');
      const amount = request.amount?.amountMinor ?? intent.capturable.amountMinor;
      if (amount > intent.capturable.amountMinor) throw tooLarge('capture');
      intent.captured.amountMinor += amount;
      intent.capturable.amountMinor -= amount;
      if (request.final !== false) intent.capturable.amountMinor = 0;
      if (intent.capturable.amountMinor === 0) this.settle(intent);
      this.effect('capture', intent, amount);
      return copy(intent);
    });
  }

  async voidAuthorization(intentId: string, request: VoidRequest): Promise<PaymentIntent> {
    return this.once('voidAuthorization', request.idempotencyKey, () => {
      const intent = this.stored(intentId);
      this.expectStatus(intent, 'authorized');
      if (intent.captured.amountMinor > 0) throw invalidState('void after a capture');
      this.effect('void', intent, intent.capturable.amountMinor);
      Object.assign(intent, { status: 'voided', authorizationExpiresAt: null });
      intent.capturable.amountMinor = 0;
      return copy(intent);
    });
  }

  async refund(intentId: string, request: RefundRequest): Promise<PaymentRefund> {
    if (request.amount) assertMoney(request.amount, 'refund.amount');
    return this.once('refund', request.idempotencyKey, () => {
      const intent = this.stored(intentId);
      const refundable = intent.captured.amountMinor - intent.refunded.amountMinor;
      const amount = request.amount?.amountMinor ?? refundable;
      if (refundable === 0 || amount > refundable) throw tooLarge('refund');
      intent.refunded.amountMinor += amount;
      this.effect('refund', intent, amount);
      const money = { amountMinor: amount, currency: intent.amount.currency };
      return { refundId: `fake-re-${++this.refunds}`, intentId, amount: money };
    });
  }

  async getIntent(intentId: string): Promise<PaymentIntent> {
    this.enter('getIntent', intentId);
    return copy(this.stored(intentId));
  }

  async findIntentByIdempotencyKey(key: string): Promise<PaymentIntent | undefined> {
    this.enter('findIntentByIdempotencyKey', key);
    const found = [...this.intents.values()].find((i) => this.keyOf(i) === key);
    return found && copy(found);
  }

  private keyOf(intent: PaymentIntent): string | undefined {
    return this.keys.get(intent.intentId);
  }

  private hold(request: AuthorizationRequest): PaymentIntent {
    const intentId = `fake-pi-${this.intents.size + 1}`;
    const declineCode = DECLINING_TEST_TOKENS[request.paymentMethodToken];
    const zero = { amountMinor: 0, currency: request.amount.currency };
    const ttl = this.options.authorizationTtlMs ?? 7 * 24 * 60 * 60_000;
    const intent: PaymentIntent = {
      intentId,
      customerId: request.customerId,
      status: declineCode ? 'declined' : 'authorized',
      amount: { ...request.amount },
      capturable: declineCode ? { ...zero } : { ...request.amount },
      captured: { ...zero },
      refunded: { ...zero },
      authorizationExpiresAt: declineCode ? null : new Date(Date.now() + ttl),
      decline: declineCode ? { declineCode, category: declineCategory(declineCode) } : null,
    };
    this.intents.set(intentId, intent);
    this.keys.set(intentId, request.idempotencyKey);
    if (intent.decline) {
      throw new PaymentDeclinedError(intent.decline.category, intent.decline.declineCode, intentId);
    }
    this.effect('authorization', intent, intent.amount.amountMinor);
    return copy(intent);
  }

  /** Runs `act` once per key; a repeat returns (or throws) what the first call did. */
  private once<T>(operation: PaymentOperationName, key: string, act: () => T): T {
    const run = () => {
      if (this.byKey.has(key)) return;
      try {
        this.byKey.set(key, { operation, value: act() });
      } catch (error) {
        this.byKey.set(key, { operation, error });
      }
    };
    this.enter(operation, key, run);
    run();
    const first = this.byKey.get(key) as Outcome;
    if (first.operation !== operation) {
      throw paymentPermanent(
        PaymentErrorCode.idempotencyConflict,
        `key ${key} used for ${first.operation}`,
      );
    }
    if ('error' in first) throw first.error;
    return first.value as T;
  }

  private enter(operation: PaymentOperationName, id: string, apply?: () => unknown): void {
    this.calls.push({ operation, id });
    if (this.open) throw new PaymentBreakerOpenError(FIRST_ENDPOINT[operation]);
    const failure = this.failures.find((f) => !f.operations || f.operations.includes(operation));
    if (!failure) return;
    if (--failure.remaining === 0) this.failures.splice(this.failures.indexOf(failure), 1);
    if (failure.applied) apply?.();
    throw failure.error();
  }

  private expectStatus(intent: PaymentIntent, status: PaymentIntent['status']): void {
    if (intent.status === status) return;
    if (intent.status === 'expired') {
      throw paymentPermanent(PaymentErrorCode.authorizationExpired, 'the authorization lapsed');
    }
    throw invalidState(`the intent is ${intent.status}`);
  }

  private settle(intent: PaymentIntent): void {
    Object.assign(intent, { status: 'captured', authorizationExpiresAt: null });
  }

  private effect(kind: FakeEffect['kind'], intent: PaymentIntent, amountMinor: number): void {
    const amount = { amountMinor, currency: intent.amount.currency };
    this.effects.push({ kind, intentId: intent.intentId, amount });
  }

  private stored(intentId: string): PaymentIntent {
    const intent = this.intents.get(intentId);
    if (!intent) throw paymentPermanent(PaymentErrorCode.intentNotFound, 'no such payment intent');
    return intent;
  }
}

function copy(intent: PaymentIntent): PaymentIntent {
  return structuredClone(intent);
}

function tooLarge(operation: string) {
  return paymentPermanent(PaymentErrorCode.amountTooLarge, `more than is left to ${operation}`);
}

function invalidState(detail: string) {
  return paymentPermanent(PaymentErrorCode.invalidState, `the processor refused: ${detail}`);
}
