import { planAfterDecline, refundDecision } from './payment-decisions';
import type { PaymentRecord } from './payment-record';

const captured = {
  paymentId: 'pay-1',
  subscriberId: 'sub-1',
  step: 'captured',
  chargeMinor: 2_000,
  currency: 'USD',
  refundedChargeMinor: 500,
} as PaymentRecord;
const ask = (amountMinor?: number, subscriberId = 'sub-1', currency = 'USD') => ({
  paymentId: 'pay-1',
  subscriberId,
  amount: amountMinor === undefined ? null : { amountMinor, currency },
});

describe('planAfterDecline', () => {
  it('ends without a suspension when dunning was not asked (a top-up)', () => {
    expect(planAfterDecline(undefined)).toEqual({ kind: 'end', suspend: false });
  });

  it('retries when dunning schedules one, and ends with a suspension when it ran out', () => {
    expect(planAfterDecline({ kind: 'retry', attempt: 1, at: 5 })).toEqual({
      kind: 'retryLater',
      at: 5,
    });
    expect(planAfterDecline({ kind: 'exhausted', reason: 'CARD_NETWORK_CAP' })).toEqual({
      kind: 'end',
      suspend: true,
    });
  });

  it('refuses to act on a decline dunning calls settled', () => {
    expect(() => planAfterDecline({ kind: 'settled' })).toThrow(/settled/);
  });
});

describe('refundDecision', () => {
  it('refunds all that is left before tax when the request names no amount', () => {
    expect(refundDecision(captured, ask())).toEqual({ chargeMinor: 1_500 });
    expect(refundDecision(captured, ask(1_500))).toEqual({ chargeMinor: 1_500 });
  });

  it.each([
    ['no such payment', undefined, ask(100), 'REFUND.PAYMENT_UNKNOWN'],
    ["another subscriber's payment", captured, ask(100, 'sub-2'), 'REFUND.PAYMENT_UNKNOWN'],
    ['a declined payment', { ...captured, step: 'declined' }, ask(100), 'REFUND.NOT_CAPTURED'],
    ['more than is left', captured, ask(1_501), 'REFUND.EXCEEDS_REFUNDABLE'],
    ['another currency', captured, ask(100, 'sub-1', 'EUR'), 'REFUND.EXCEEDS_REFUNDABLE'],
    [
      'nothing left',
      { ...captured, refundedChargeMinor: 2_000 },
      ask(),
      'REFUND.EXCEEDS_REFUNDABLE',
    ],
  ] as const)('refuses %s', (_, payment, request, code) => {
    expect(refundDecision(payment, request)).toEqual({
      refusal: { code, message: expect.any(String) },
    });
  });
});
