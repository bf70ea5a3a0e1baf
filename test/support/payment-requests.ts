import { randomUUID } from 'node:crypto';
import { EventTypes, type PaymentRefundRequested, type PaymentRequested } from '@handoff/contracts';
import type { NewEvent } from '@handoff/messaging';
import { BSS_SERVICE_ADDRESS, bssSubscriberId } from './activation-requests';

export type PaymentKind = 'topUp' | 'autopayRenewal';

export interface BssPaymentOptions {
  subscriberId?: string;
  amountMinor?: number;
  /** A simulator token; `pm_card_chargeDeclined…` ones decline (docs/vendor-simulators.md). */
  paymentMethodToken?: string;
}

/** A PaymentRequested as the BSS publishes it, keyed by the subscriber it names (San Francisco). */
export function bssPayment(
  purpose: PaymentKind,
  options: BssPaymentOptions = {},
): NewEvent<PaymentRequested> & { id: string } {
  const subscriberId = options.subscriberId ?? bssSubscriberId();
  const paymentId = `pay-${randomUUID()}`;
  const data: PaymentRequested = {
    subjectId: subscriberId,
    paymentId,
    subscriberId,
    orderId: null,
    purpose,
    amount: { amountMinor: options.amountMinor ?? 2_000, currency: 'USD' },
    paymentMethodToken: options.paymentMethodToken ?? 'pm_card_visa',
    idempotencyKey: `bss-${paymentId}`,
    serviceAddress: { ...BSS_SERVICE_ADDRESS },
    requestedAt: Date.now(),
  };
  return { id: randomUUID(), type: EventTypes.PaymentRequested, subject: subscriberId, data };
}

/** A PaymentRefundRequested for a payment; `amountMinor` undefined refunds all that is left. */
export function bssRefund(
  payment: Pick<PaymentRequested, 'paymentId' | 'subscriberId'>,
  amountMinor?: number,
): NewEvent<PaymentRefundRequested> & { id: string } {
  const refundRequestId = `refund-${randomUUID()}`;
  const data: PaymentRefundRequested = {
    subjectId: payment.subscriberId,
    refundRequestId,
    paymentId: payment.paymentId,
    subscriberId: payment.subscriberId,
    amount: amountMinor === undefined ? null : { amountMinor, currency: 'USD' },
    idempotencyKey: `bss-${refundRequestId}`,
    reason: { code: 'CARE.GOODWILL', message: 'goodwill credit' },
    requestedAt: Date.now(),
  };
  return {
    id: randomUUID(),
    type: EventTypes.PaymentRefundRequested,
    subject: payment.subscriberId,
    data,
  };
}
