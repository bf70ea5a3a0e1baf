import { DeferredError, RetryableError } from '@handoff/resilience';
import { money } from './money';
import { PaymentDeclinedError, PaymentErrorCode, paymentRetryable } from './payments.errors';
import { FakePaymentProcessor } from './payments.fake';
import { paymentIdempotencyKey, type AuthorizationRequest } from './payments.port';

const request = (overrides: Partial<AuthorizationRequest> = {}): AuthorizationRequest => ({
  idempotencyKey: paymentIdempotencyKey('act-1', 'authorize'),
  amount: money(2599, 'USD'),
  customerId: 'cus_1',
  paymentMethodToken: 'pm_card_visa',
  ...overrides,
});

const timeout = () => paymentRetryable(PaymentErrorCode.timeout, 'no answer');

describe('FakePaymentProcessor', () => {
  it('authorizes and captures once per key, whatever the number of calls', async () => {
    const processor = new FakePaymentProcessor();
    const intent = await processor.authorize(request());
    await processor.authorize(request());
    const capture = { idempotencyKey: paymentIdempotencyKey('act-1', 'capture') };
    await processor.capture(intent.intentId, capture);
    const captured = await processor.capture(intent.intentId, capture);

    expect(captured).toMatchObject({ status: 'captured', captured: money(2599, 'USD') });
    expect(processor.effects.map((e) => e.kind)).toEqual(['authorization', 'capture']);
  });

  it('declines the simulator tokens with their category, and the same key declines again', async () => {
    const processor = new FakePaymentProcessor();
    const stolen = request({ paymentMethodToken: 'pm_card_chargeDeclinedStolenCard' });
    const broke = request({
      idempotencyKey: 'k2',
      paymentMethodToken: 'pm_card_chargeDeclinedInsufficientFunds',
    });

    await expect(processor.authorize(stolen)).rejects.toMatchObject({ category: 'hard' });
    await expect(processor.authorize(stolen)).rejects.toBeInstanceOf(PaymentDeclinedError);
    await expect(processor.authorize(broke)).rejects.toMatchObject({
      category: 'soft',
      declineCode: 'insufficient_funds',
    });
    expect(processor.effects).toEqual([]);
  });

  it('fails as scripted; an applied failure is found by its key afterwards', async () => {
    const processor = new FakePaymentProcessor().failNext(1, timeout, {
      operations: ['authorize'],
      applied: true,
    });

    await expect(processor.authorize(request())).rejects.toBeInstanceOf(RetryableError);
    const found = await processor.findIntentByIdempotencyKey(request().idempotencyKey);

    expect(found?.status).toBe('authorized');
    expect(processor.effects).toHaveLength(1);
  });

  it('refuses a capture of a lapsed authorization and a void after a capture', async () => {
    const processor = new FakePaymentProcessor();
    const lapsed = await processor.authorize(request());
    processor.expire(lapsed.intentId);
    const captured = await processor.authorize(request({ idempotencyKey: 'k2' }));
    await processor.capture(captured.intentId, { idempotencyKey: 'c2' });

    await expect(
      processor.capture(lapsed.intentId, { idempotencyKey: 'c1' }),
    ).rejects.toMatchObject({
      code: PaymentErrorCode.authorizationExpired,
    });
    await expect(
      processor.voidAuthorization(captured.intentId, { idempotencyKey: 'v2' }),
    ).rejects.toMatchObject({ code: PaymentErrorCode.invalidState });
  });

  it('holds every call while the breaker is open and notifies when it closes', async () => {
    const processor = new FakePaymentProcessor();
    const recovered = jest.fn();
    processor.health.onRecovered(recovered);
    processor.setBreakerOpen(true);

    await expect(processor.authorize(request())).rejects.toBeInstanceOf(DeferredError);
    processor.setBreakerOpen(false);

    expect(recovered).toHaveBeenCalledTimes(1);
    await expect(processor.authorize(request())).resolves.toMatchObject({ status: 'authorized' });
  });
});
