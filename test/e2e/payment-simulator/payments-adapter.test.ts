import {
  money,
  PaymentBreakerOpenError,
  PaymentDeclinedError,
  paymentIdempotencyKey,
  PaymentsAxiosAdapter,
  type AuthorizationRequest,
  type PaymentsSettings,
} from '@handoff/payments';
import {
  BusinessRejection,
  DeferredError,
  PermanentError,
  RetryableError,
} from '@handoff/resilience';
import { waitFor } from '../../support/test-infra';
import {
  ledgerLines,
  type PaymentTestClient,
  startTestSimulator,
} from './payment-simulator.harness';

const atProcessorEdge = { stage: 'vendor-call', integrationPoint: 'handoff-to-payment-processor' };

const BREAKER: PaymentsSettings['breaker'] = {
  errorThresholdPercentage: 50,
  resetTimeoutMs: 200,
  rollingCountTimeoutMs: 10_000,
  volumeThreshold: 10,
};

let serial = 0;

/** An authorization for a fresh activation: its key is derived from the activation id. */
function authorization(overrides: Partial<AuthorizationRequest> = {}): AuthorizationRequest {
  serial += 1;
  return {
    idempotencyKey: paymentIdempotencyKey(`act-${Date.now()}-${serial}`, 'authorize'),
    amount: money(2599, 'USD'),
    customerId: `cus_${serial}`,
    paymentMethodToken: 'pm_card_visa',
    ...overrides,
  };
}

interface Stats {
  calls: Record<string, { total: number } & Record<string, number>>;
}

describe('PaymentsAxiosAdapter against the payment simulator', () => {
  let simulator: Awaited<ReturnType<typeof startTestSimulator>>['simulator'];
  let processor: PaymentTestClient;
  let adapter: PaymentsAxiosAdapter;

  const connect = (overrides: Partial<PaymentsSettings> = {}) => {
    adapter?.close();
    adapter = new PaymentsAxiosAdapter({
      baseUrl: `${simulator.url}/v1`,
      callTimeoutMs: 500,
      retry: { attempts: 3, baseMs: 5, capMs: 20, deadlineMs: 3_000 },
      breaker: BREAKER,
      ...overrides,
    });
    return adapter;
  };
  const calls = async (endpoint: string) =>
    (await processor.call<Stats>('GET', '/admin/stats')).json.calls[endpoint];

  beforeAll(async () => {
    ({ simulator, processor } = await startTestSimulator());
  });
  afterAll(() => simulator.close());
  beforeEach(async () => {
    await processor.reset();
    connect();
  });
  afterEach(() => adapter.close());

  it('authorizes in minor units and reads back the hold, its currency and when it lapses', async () => {
    const intent = await adapter.authorize(authorization({ amount: money(2599, 'EUR') }));

    expect(intent).toMatchObject({
      status: 'authorized',
      amount: money(2599, 'EUR'),
      capturable: money(2599, 'EUR'),
      captured: money(0, 'EUR'),
      decline: null,
    });
    const inAWeek = Date.now() + 7 * 24 * 60 * 60_000;
    expect(intent.authorizationExpiresAt?.getTime()).toBeGreaterThan(inAWeek - 5_000);
    expect(intent.authorizationExpiresAt?.getTime()).toBeLessThanOrEqual(inAWeek);
  });

  it('authorizing the same request again returns the same intent and holds once', async () => {
    const request = authorization();

    const first = await adapter.authorize(request);
    const again = await adapter.authorize(request);

    expect(again).toEqual(first);
    expect(ledgerLines(await processor.effects())).toEqual(['authorization:2599']);
    await expect(adapter.findIntentByIdempotencyKey(request.idempotencyKey)).resolves.toEqual(
      first,
    );
    await expect(adapter.findIntentByIdempotencyKey('never-used')).resolves.toBeUndefined();
  });

  it('finds the hold behind a lost answer (timeout) by its key instead of authorizing again', async () => {
    await processor.setFaults({ endpoint: 'createIntent', processThenTimeout: true });
    connect({ callTimeoutMs: 200 });
    const request = authorization();

    const intent = await adapter.authorize(request);

    expect(intent.status).toBe('authorized');
    expect(ledgerLines(await processor.effects())).toEqual(['authorization:2599']);
    expect(await calls('createIntent')).toMatchObject({ total: 1, slowAnswer: 1 });
  });

  it.each([
    ['stolen card', 'hard', 'pm_card_chargeDeclinedStolenCard', 'stolen_card'],
    ['closed account', 'hard', 'pm_card_chargeDeclinedAccountClosed', 'account_closed'],
    ['insufficient funds', 'soft', 'pm_card_chargeDeclinedInsufficientFunds', 'insufficient_funds'],
    ['try again later', 'soft', 'pm_card_chargeDeclinedTryAgainLater', 'try_again_later'],
  ])(
    'rejects a %s as a %s decline, a business rejection, not retried',
    async (_, category, token, declineCode) => {
      const error = await adapter
        .authorize(authorization({ paymentMethodToken: token }))
        .catch((e: unknown) => e);

      expect(error).toBeInstanceOf(PaymentDeclinedError);
      expect(error).toBeInstanceOf(BusinessRejection);
      expect(error).toMatchObject({
        code: 'PAYMENT.DECLINED',
        reason: 'PAYMENT_DECLINED',
        category,
        declineCode,
        intentId: expect.stringMatching(/^pi_/),
        ...atProcessorEdge,
      });
      expect(await calls('createIntent')).toMatchObject({ total: 1 });
      expect(adapter.health.breakerOpen()).toBe(false);
    },
  );

  it('declines again, without asking the issuer, when a declined authorization is repeated', async () => {
    const request = authorization({ paymentMethodToken: 'pm_card_chargeDeclinedLostCard' });
    await adapter.authorize(request).catch(() => undefined);

    await expect(adapter.authorize(request)).rejects.toMatchObject({ category: 'hard' });
    expect(await calls('createIntent')).toMatchObject({ total: 1 });
  });

  it.each([
    [
      'a fractional amount',
      money(25.99, 'USD'),
      'PAYMENT.INVALID_AMOUNT',
      /integer number of minor units/,
    ],
    ['a negative amount', money(-100, 'USD'), 'PAYMENT.INVALID_AMOUNT', /between 1 and/],
    ['a lower-case currency', money(100, 'usd'), 'PAYMENT.INVALID_CURRENCY', /ISO 4217/],
  ])('refuses %s before calling the processor', async (_, amount, code, message) => {
    const error = await adapter.authorize(authorization({ amount })).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(PermanentError);
    expect(error).toMatchObject({ code, message: expect.stringMatching(message) });
    expect((await calls('createIntent')).total + (await calls('listIntents')).total).toBe(0);
  });

  it('captures part, then the rest, each once under its key', async () => {
    const intent = await adapter.authorize(authorization({ amount: money(5000, 'USD') }));
    const first = { idempotencyKey: 'act-x:capture:1', amount: money(1500, 'USD'), final: false };

    const part = await adapter.capture(intent.intentId, first);
    await adapter.capture(intent.intentId, first);
    const rest = await adapter.capture(intent.intentId, { idempotencyKey: 'act-x:capture:2' });

    expect(part).toMatchObject({ status: 'authorized', captured: money(1500, 'USD') });
    expect(rest).toMatchObject({ status: 'captured', captured: money(5000, 'USD') });
    expect(ledgerLines(await processor.effects(intent.intentId))).toEqual([
      'authorization:5000',
      'capture:1500',
      'capture:3500',
    ]);
  });

  it('refuses a partial capture in another currency than the intent, capturing nothing', async () => {
    const intent = await adapter.authorize(authorization());

    const error = await adapter
      .capture(intent.intentId, { idempotencyKey: 'c', amount: money(100, 'EUR') })
      .catch((e: unknown) => e);

    expect(error).toMatchObject({ code: 'PAYMENT.CURRENCY_MISMATCH' });
    expect(await calls('captureIntent')).toMatchObject({ total: 0 });
  });

  it('voids an uncaptured hold, and refuses to void after a capture (PAYMENT.INVALID_STATE)', async () => {
    const voidable = await adapter.authorize(authorization());
    const captured = await adapter.authorize(authorization());
    await adapter.capture(captured.intentId, { idempotencyKey: 'cap' });

    const voided = await adapter.voidAuthorization(voidable.intentId, { idempotencyKey: 'v1' });
    const refused = await adapter
      .voidAuthorization(captured.intentId, { idempotencyKey: 'v2' })
      .catch((e: unknown) => e);

    expect(voided).toMatchObject({ status: 'voided', capturable: money(0, 'USD') });
    expect(refused).toBeInstanceOf(PermanentError);
    expect(refused).toMatchObject({ code: 'PAYMENT.INVALID_STATE', ...atProcessorEdge });
  });

  it('refunds part and the rest, and refuses an over-refund (PAYMENT.AMOUNT_TOO_LARGE)', async () => {
    const intent = await adapter.authorize(authorization({ amount: money(4000, 'USD') }));
    await adapter.capture(intent.intentId, { idempotencyKey: 'cap' });

    const part = await adapter.refund(intent.intentId, {
      idempotencyKey: 'r1',
      amount: money(1500, 'USD'),
    });
    const rest = await adapter.refund(intent.intentId, { idempotencyKey: 'r2' });
    const over = await adapter
      .refund(intent.intentId, { idempotencyKey: 'r3', amount: money(1, 'USD') })
      .catch((e: unknown) => e);

    expect(part).toMatchObject({ intentId: intent.intentId, amount: money(1500, 'USD') });
    expect(rest.amount).toEqual(money(2500, 'USD'));
    expect(over).toMatchObject({ code: 'PAYMENT.AMOUNT_TOO_LARGE' });
    expect(await adapter.getIntent(intent.intentId)).toMatchObject({
      refunded: money(4000, 'USD'),
    });
  });

  it('reports a capture after the hold lapsed as PAYMENT.AUTHORIZATION_EXPIRED', async () => {
    await processor.setAuthorizationTtl(200);
    const intent = await adapter.authorize(authorization());
    await waitFor('the hold to lapse', async () => {
      const current = await adapter.getIntent(intent.intentId);
      return current.status === 'expired';
    });

    const error = await adapter
      .capture(intent.intentId, { idempotencyKey: 'late' })
      .catch((e: unknown) => e);

    expect(error).toBeInstanceOf(PermanentError);
    expect(error).toMatchObject({ code: 'PAYMENT.AUTHORIZATION_EXPIRED' });
  });

  it('refuses an idempotency key reused for another request as PAYMENT.IDEMPOTENCY_CONFLICT', async () => {
    const intent = await adapter.authorize(authorization());
    await adapter.capture(intent.intentId, { idempotencyKey: 'shared' });

    const error = await adapter
      .refund(intent.intentId, { idempotencyKey: 'shared' })
      .catch((e: unknown) => e);

    expect(error).toBeInstanceOf(PermanentError);
    expect(error).toMatchObject({ code: 'PAYMENT.IDEMPOTENCY_CONFLICT' });
  });

  it('retries a capture through 503s and captures once', async () => {
    connect({ retry: { attempts: 10, baseMs: 50, capMs: 100, deadlineMs: 10_000 } });
    const intent = await adapter.authorize(authorization());
    await processor.setFaults({ endpoint: 'captureIntent', errorRate: 1 });

    const capture = adapter.capture(intent.intentId, { idempotencyKey: 'cap' });
    await waitFor('a refused attempt', async () => (await calls('captureIntent')).total > 0);
    await processor.call('DELETE', '/admin/faults');

    await expect(capture).resolves.toMatchObject({ status: 'captured' });
    expect(ledgerLines(await processor.effects(intent.intentId))).toEqual([
      'authorization:2599',
      'capture:2599',
    ]);
  });

  it('opens the breaker after repeated 5xx, holds calls, then recovers through a half-open call', async () => {
    connect({
      retry: { attempts: 1, baseMs: 5, capMs: 20, deadlineMs: 3_000 },
      breaker: { ...BREAKER, volumeThreshold: 2 },
    });
    const intent = await adapter.authorize(authorization());
    await processor.setFaults({ endpoint: 'getIntent', outage: true });

    await expect(adapter.getIntent(intent.intentId)).rejects.toMatchObject({
      code: 'PAYMENT.UNAVAILABLE',
    });
    await expect(adapter.getIntent(intent.intentId)).rejects.toBeInstanceOf(RetryableError);
    const held = await adapter.getIntent(intent.intentId).catch((e: unknown) => e);

    expect(held).toBeInstanceOf(PaymentBreakerOpenError);
    expect(held).toBeInstanceOf(DeferredError);
    expect(held).toMatchObject({ code: 'PAYMENT.BREAKER_OPEN', retryAfterMs: 200 });
    expect(await calls('getIntent')).toMatchObject({ total: 2, outage: 2 });

    await processor.call('DELETE', '/admin/faults');
    await waitFor('the breaker to half-open', () => !adapter.health.breakerOpen());
    await expect(adapter.getIntent(intent.intentId)).resolves.toMatchObject({
      status: 'authorized',
    });
  });

  it.each(['invalidJson', 'missingFields'])(
    'treats a malformed answer (%s) as a permanent PAYMENT.MALFORMED_RESPONSE, not retried',
    async (malformedKind) => {
      connect({ breaker: { ...BREAKER, volumeThreshold: 1 } });
      const intent = await adapter.authorize(authorization());
      await processor.setFaults({ endpoint: 'getIntent', malformedRate: 1, malformedKind });

      const error = await adapter.getIntent(intent.intentId).catch((e: unknown) => e);

      expect(error).toBeInstanceOf(PermanentError);
      expect(error).toMatchObject({ code: 'PAYMENT.MALFORMED_RESPONSE', ...atProcessorEdge });
      expect(await calls('getIntent')).toMatchObject({ total: 1, malformed: 1 });
      expect(adapter.health.breakerOpen()).toBe(false);
    },
  );

  it('reports a processor that never answers as a retryable PAYMENT.TIMEOUT', async () => {
    connect({
      callTimeoutMs: 100,
      retry: { attempts: 2, baseMs: 5, capMs: 20, deadlineMs: 3_000 },
    });
    await processor.setFaults({ endpoint: 'getIntent', timeoutRate: 1 });

    const error = await adapter.getIntent('pi_any').catch((e: unknown) => e);

    expect(error).toBeInstanceOf(RetryableError);
    expect(error).toMatchObject({ code: 'PAYMENT.TIMEOUT', ...atProcessorEdge });
    expect(await calls('getIntent')).toMatchObject({ total: 2, timeout: 2 });
  });

  it('reports an unknown intent as a permanent PAYMENT.INTENT_NOT_FOUND', async () => {
    await expect(adapter.getIntent('pi_missing')).rejects.toMatchObject({
      code: 'PAYMENT.INTENT_NOT_FOUND',
    });
  });

  it('reports a refused connection as a retryable PAYMENT.UNREACHABLE', async () => {
    adapter.close();
    adapter = new PaymentsAxiosAdapter({
      baseUrl: 'http://127.0.0.1:9/v1',
      callTimeoutMs: 500,
      retry: { attempts: 2, baseMs: 5, capMs: 20, deadlineMs: 1_000 },
      breaker: BREAKER,
    });

    const error = await adapter.getIntent('pi_any').catch((e: unknown) => e);

    expect(error).toBeInstanceOf(RetryableError);
    expect(error).toMatchObject({ code: 'PAYMENT.UNREACHABLE' });
  });
});
