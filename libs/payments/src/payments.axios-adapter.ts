import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import axios, { type AxiosInstance, type AxiosResponse } from 'axios';
import type CircuitBreaker from 'opossum';
import { instrumentBreaker, traceVendorCalls, type Logger } from '@handoff/observability';
import {
  createBreaker,
  answered,
  isBreakerOpenError,
  PROBE_RESOURCE_ID,
  probeAttempt,
  retryWithBackoff,
  watchBreakers,
  type RetryAttempt,
} from '@handoff/resilience';
import { assertMoney, type Money } from './money';
import { bodyOrError, transportError } from './payment-http.classifier';
import type { PaymentsSettings } from './payments.config';
import {
  malformedResponse,
  PAYMENT_INTEGRATION_POINT,
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
import { parseBody, toPaymentIntent, toPaymentRefund } from './stripe/payment-intent.mapping';
import {
  intentListSchema,
  paymentIntentSchema,
  refundSchema,
  toCreateIntentRequest,
} from './stripe/payment-intent.wire';

interface HttpCall {
  method: 'GET' | 'POST';
  url: string;
  params?: Record<string, string>;
  data?: unknown;
  idempotencyKey?: string;
  attempt: RetryAttempt;
  callerSignal: AbortSignal | undefined;
}

const ENDPOINTS: readonly PaymentEndpoint[] = [
  'createIntent',
  'getIntent',
  'findIntents',
  'captureIntent',
  'cancelIntent',
  'createRefund',
];

/**
 * The payment processor over its payment-intent API: one axios client, one breaker per endpoint
 * (a processor whose captures fail may still authorize and answer lookups), retries with
 * jittered backoff under a deadline, and an `Idempotency-Key` on every POST, the same on every
 * attempt, so a retry never charges twice.
 */
export class PaymentsAxiosAdapter implements PaymentsPort {
  readonly health: PaymentsHealth;
  private readonly http: AxiosInstance;
  private readonly agents = [
    new HttpAgent({ keepAlive: true }),
    new HttpsAgent({ keepAlive: true }),
  ];
  private readonly breakers: Record<PaymentEndpoint, CircuitBreaker<[HttpCall], string>>;

  constructor(
    private readonly settings: PaymentsSettings,
    private readonly logger?: Logger,
  ) {
    this.http = axios.create({
      baseURL: settings.baseUrl,
      httpAgent: this.agents[0],
      httpsAgent: this.agents[1],
      headers: { Accept: 'application/json' },
      // Every status and body reaches our classifier as is; the per-call signal is the timeout.
      validateStatus: () => true,
      responseType: 'text',
      transformResponse: [(data: unknown) => data],
    });
    traceVendorCalls(this.http, 'payment');
    this.breakers = Object.fromEntries(
      ENDPOINTS.map((endpoint) => [endpoint, this.breakerFor(endpoint)]),
    ) as Record<PaymentEndpoint, CircuitBreaker<[HttpCall], string>>;
    const group = watchBreakers(Object.values(this.breakers));
    this.health = { breakerOpen: () => group.anyOpen(), onRecovered: (l) => group.onRecovered(l) };
  }

  async authorize(request: AuthorizationRequest, signal?: AbortSignal): Promise<PaymentIntent> {
    assertMoney(request.amount, 'authorize.amount');
    const idempotencyKey = checkedKey(request.idempotencyKey);
    const data = toCreateIntentRequest(request);
    return this.retrying(signal, async (attempt) => {
      // Ask first, every time: an earlier attempt or delivery may have authorized behind a lost
      // answer, and the processor forgets keys after a day; a hold found is never made twice.
      const existing = await this.lookup(idempotencyKey, attempt, signal);
      if (existing) return authorizedOrDeclined(existing);
      const call = { method: 'POST' as const, url: '/payment_intents', data, idempotencyKey };
      const body = await this.fire('createIntent', { ...call, attempt, callerSignal: signal });
      const intent = toPaymentIntent(parseBody('createIntent', body, paymentIntentSchema));
      if (!sameMoney(intent.amount, request.amount)) {
        throw malformedResponse('createIntent', 'the intent is not for the amount authorized');
      }
      return intent;
    });
  }

  async capture(
    intentId: string,
    request: CaptureRequest,
    signal?: AbortSignal,
  ): Promise<PaymentIntent> {
    const idempotencyKey = checkedKey(request.idempotencyKey);
    if (request.amount) await this.assertCurrency(intentId, request.amount, 'capture', signal);
    const data = {
      ...(request.amount ? { amount_to_capture: request.amount.amountMinor } : {}),
      ...(request.final === false ? { final_capture: false } : {}),
    };
    const url = `/payment_intents/${encodeURIComponent(intentId)}/capture`;
    return this.retrying(signal, async (attempt) => {
      const call = { method: 'POST' as const, url, data, idempotencyKey };
      const body = await this.fire('captureIntent', { ...call, attempt, callerSignal: signal });
      return toPaymentIntent(parseBody('captureIntent', body, paymentIntentSchema));
    });
  }

  async voidAuthorization(
    intentId: string,
    request: VoidRequest,
    signal?: AbortSignal,
  ): Promise<PaymentIntent> {
    const idempotencyKey = checkedKey(request.idempotencyKey);
    const url = `/payment_intents/${encodeURIComponent(intentId)}/cancel`;
    return this.retrying(signal, async (attempt) => {
      const call = { method: 'POST' as const, url, data: {}, idempotencyKey };
      const body = await this.fire('cancelIntent', { ...call, attempt, callerSignal: signal });
      return toPaymentIntent(parseBody('cancelIntent', body, paymentIntentSchema));
    });
  }

  async refund(
    intentId: string,
    request: RefundRequest,
    signal?: AbortSignal,
  ): Promise<PaymentRefund> {
    const idempotencyKey = checkedKey(request.idempotencyKey);
    if (request.amount) await this.assertCurrency(intentId, request.amount, 'refund', signal);
    const data = {
      payment_intent: intentId,
      ...(request.amount ? { amount: request.amount.amountMinor } : {}),
    };
    return this.retrying(signal, async (attempt) => {
      const call = { method: 'POST' as const, url: '/refunds', data, idempotencyKey };
      const body = await this.fire('createRefund', { ...call, attempt, callerSignal: signal });
      return toPaymentRefund(parseBody('createRefund', body, refundSchema));
    });
  }

  getIntent(intentId: string, signal?: AbortSignal): Promise<PaymentIntent> {
    return this.retrying(signal, async (attempt) => {
      const url = `/payment_intents/${encodeURIComponent(intentId)}`;
      const body = await this.fire('getIntent', {
        method: 'GET',
        url,
        attempt,
        callerSignal: signal,
      });
      return toPaymentIntent(parseBody('getIntent', body, paymentIntentSchema));
    });
  }

  findIntentByIdempotencyKey(
    idempotencyKey: string,
    signal?: AbortSignal,
  ): Promise<PaymentIntent | undefined> {
    const key = checkedKey(idempotencyKey);
    return this.retrying(signal, (attempt) => this.lookup(key, attempt, signal));
  }

  /**
   * A probe for availability: one read of a payment intent that does not exist, outside the breakers and
   * retries (a probe must neither be refused by an open breaker nor trip one the flows use).
   * Resolves when the processor answers, its not-found included.
   */
  probe(signal?: AbortSignal): Promise<void> {
    const url = `/payment_intents/${PROBE_RESOURCE_ID}`;
    const attempt = probeAttempt(this.settings.callTimeoutMs, signal);
    const read = this.send('getIntent', { method: 'GET', url, attempt, callerSignal: signal });
    return answered(read, PaymentErrorCode.intentNotFound);
  }

  /** Stops the breakers' timers and closes idle connections. */
  close(): void {
    for (const breaker of Object.values(this.breakers)) breaker.shutdown();
    for (const agent of this.agents) agent.destroy();
  }

  private async lookup(idempotencyKey: string, attempt: RetryAttempt, signal?: AbortSignal) {
    const params = { idempotency_key: idempotencyKey };
    const call: HttpCall = {
      method: 'GET',
      url: '/payment_intents',
      params,
      attempt,
      callerSignal: signal,
    };
    const { data } = parseBody(
      'findIntents',
      await this.fire('findIntents', call),
      intentListSchema,
    );
    if (data.length > 1) {
      throw malformedResponse('findIntents', 'several intents under one idempotency key');
    }
    return data[0] && toPaymentIntent(data[0]);
  }

  /** A partial amount in another currency than the intent's would be read as the intent's. */
  private async assertCurrency(
    intentId: string,
    amount: Money,
    operation: 'capture' | 'refund',
    signal?: AbortSignal,
  ): Promise<void> {
    assertMoney(amount, `${operation}.amount`);
    const intent = await this.getIntent(intentId, signal);
    if (intent.amount.currency !== amount.currency) {
      throw paymentPermanent(
        PaymentErrorCode.currencyMismatch,
        `${operation}.amount is in ${amount.currency}, the payment intent in ${intent.amount.currency}`,
      );
    }
  }

  private retrying<T>(signal: AbortSignal | undefined, fn: (attempt: RetryAttempt) => Promise<T>) {
    return retryWithBackoff({ ...this.settings.retry, signal }, fn);
  }

  private async fire(endpoint: PaymentEndpoint, call: HttpCall): Promise<string> {
    try {
      return await this.breakers[endpoint].fire(call);
    } catch (error) {
      if (!isBreakerOpenError(error)) throw error;
      throw new PaymentBreakerOpenError(endpoint, this.settings.breaker.resetTimeoutMs);
    }
  }

  /** One HTTP exchange, bounded by its own timeout, the operation's deadline and the caller. */
  private async send(endpoint: PaymentEndpoint, call: HttpCall): Promise<string> {
    const signal = AbortSignal.any([
      call.attempt.signal,
      AbortSignal.timeout(this.settings.callTimeoutMs),
    ]);
    const { method, url, params, data, idempotencyKey } = call;
    const headers = idempotencyKey ? { 'Idempotency-Key': idempotencyKey } : undefined;
    let response: AxiosResponse<string>;
    try {
      response = await this.http.request<string>({ method, url, params, data, headers, signal });
    } catch (error) {
      throw transportError(endpoint, error, call.callerSignal);
    }
    return bodyOrError(endpoint, response);
  }

  private breakerFor(endpoint: PaymentEndpoint): CircuitBreaker<[HttpCall], string> {
    const breaker = createBreaker(
      `payment.${endpoint}`,
      (call: HttpCall) => this.send(endpoint, call),
      this.settings.breaker,
    );
    instrumentBreaker(breaker, { log: this.logger, integrationPoint: PAYMENT_INTEGRATION_POINT });
    return breaker;
  }
}

function authorizedOrDeclined(intent: PaymentIntent): PaymentIntent {
  if (!intent.decline) return intent;
  throw new PaymentDeclinedError(
    intent.decline.category,
    intent.decline.declineCode,
    intent.intentId,
  );
}

const sameMoney = (a: Money, b: Money) =>
  a.amountMinor === b.amountMinor && a.currency === b.currency;

function checkedKey(key: string): string {
  if (typeof key === 'string' && key.length > 0 && key.length <= 255) return key;
  throw paymentPermanent(
    PaymentErrorCode.badRequest,
    'the idempotency key must be 1 to 255 characters, derived from the business id',
  );
}
