import type { PaymentRefundRequested } from '@handoff/contracts';
import type { DunningNext } from '@handoff/dunning';
import { PermanentError } from '@handoff/resilience';
import type { PaymentDeclineFacts, PaymentPurpose, PaymentRecord } from './payment-record';

/**
 * After a decline: `retryLater` keeps the quote for dunning's next attempt and announces the
 * decline with its date; `end` voids the quote, then announces the decline (and, when dunning ran
 * out, the suspension request).
 */
export type DeclinePlan = { kind: 'retryLater'; at: number } | { kind: 'end'; suspend: boolean };

/** Whether dunning hears of this decline: an autopay renewal the issuer declined. */
export function isDunned(purpose: PaymentPurpose, decline: PaymentDeclineFacts): boolean {
  return purpose === 'autopayRenewal' && decline.source === 'issuer';
}

/**
 * What a decline leads to, from what dunning answered (undefined when it was not asked: a top-up,
 * or an address the tax engine could not place). A top-up is never dunned.
 */
export function planAfterDecline(next: DunningNext | undefined): DeclinePlan {
  if (next === undefined) return { kind: 'end', suspend: false };
  if (next.kind === 'retry') return { kind: 'retryLater', at: next.at };
  if (next.kind === 'exhausted') return { kind: 'end', suspend: true };
  // Dunning settles a schedule on a capture only: a decline it calls settled is a bug on one side.
  throw new PermanentError(
    'PAYMENT_REQUEST.DUNNING_SETTLED_ON_DECLINE',
    'dunning answered "settled" to a declined attempt',
  );
}

export interface RefundRefusal {
  code: 'REFUND.PAYMENT_UNKNOWN' | 'REFUND.NOT_CAPTURED' | 'REFUND.EXCEEDS_REFUNDABLE';
  message: string;
}

/**
 * How much of the payment's charge (before tax) a refund request takes, or why it is refused. A
 * payment of another subscriber is unknown to the requester. `amount` null takes all that is left.
 */
export function refundDecision(
  payment: PaymentRecord | undefined,
  request: Pick<PaymentRefundRequested, 'paymentId' | 'subscriberId' | 'amount'>,
): { chargeMinor: number } | { refusal: RefundRefusal } {
  if (!payment || payment.subscriberId !== request.subscriberId) {
    const message = `no payment ${request.paymentId} of this subscriber was taken by Handoff`;
    return { refusal: { code: 'REFUND.PAYMENT_UNKNOWN', message } };
  }
  if (payment.step !== 'captured') {
    const message = `payment ${payment.paymentId} was not captured (${payment.step})`;
    return { refusal: { code: 'REFUND.NOT_CAPTURED', message } };
  }
  const left = payment.chargeMinor - payment.refundedChargeMinor;
  const asked = request.amount?.amountMinor ?? left;
  const sameCurrency = !request.amount || request.amount.currency === payment.currency;
  if (!sameCurrency || asked < 1 || asked > left) {
    const message = `asked ${asked} ${request.amount?.currency ?? payment.currency}, refundable ${left} ${payment.currency} before tax`;
    return { refusal: { code: 'REFUND.EXCEEDS_REFUNDABLE', message } };
  }
  return { chargeMinor: asked };
}
