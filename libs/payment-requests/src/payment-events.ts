import {
  EventTypes,
  type Money,
  type PaymentCaptured,
  type PaymentDeclined,
  type PaymentRefunded,
  type PaymentRefundRejected,
  type SubscriberSuspensionRequested,
} from '@handoff/contracts';
import type { NewEvent } from '@handoff/messaging';
import { PAYMENT_INTEGRATION_POINT } from '@handoff/payments';
import {
  authorizationKeyOf,
  suspensionRequestIdOf,
  totalMinorOf,
  type PaymentRecord,
} from './payment-record';
import type { RefundRecord } from './refund.repository';

/**
 * The payments service's outcomes, keyed by the subscriber the request named (so they stay in
 * order with the rest of the line's events) and owned by the processor's integration point.
 */
const money = (amountMinor: number, currency: string): Money => ({ amountMinor, currency });

function paymentEvent<T>(type: string, subscriberId: string, data: T): NewEvent<T> {
  return { type, subject: subscriberId, integrationPoint: PAYMENT_INTEGRATION_POINT, data };
}

function aboutThePayment(p: PaymentRecord) {
  return {
    subjectId: p.subscriberId,
    paymentId: p.paymentId,
    subscriberId: p.subscriberId,
    orderId: p.orderId,
    purpose: p.purpose,
    idempotencyKey: authorizationKeyOf(p),
    amount: money(totalMinorOf(p), p.currency),
    taxDocumentCode: p.taxDocumentCode,
    taxLines: p.taxLines ?? [],
  };
}

export function paymentCaptured(p: PaymentRecord, at: number): NewEvent<PaymentCaptured> {
  return paymentEvent(EventTypes.PaymentCaptured, p.subscriberId, {
    ...aboutThePayment(p),
    paymentIntentId: p.paymentIntentId!,
    taxAmount: money(p.taxTotalMinor ?? 0, p.currency),
    state: 'captured',
    capturedAt: at,
  });
}

/** The row's decline as the BSS hears it; `nextRetryAt` when dunning retries, else null. */
export function paymentDeclined(p: PaymentRecord, at: number): NewEvent<PaymentDeclined> {
  const decline = p.decline!;
  const next = p.dunningNext;
  return paymentEvent(EventTypes.PaymentDeclined, p.subscriberId, {
    ...aboutThePayment(p),
    paymentIntentId: decline.intentId,
    state: 'declined',
    reason: { code: decline.declineCode, message: decline.message },
    retryable: decline.category === 'soft',
    dunningAttempt: p.attempt,
    nextRetryAt: next?.kind === 'retry' ? next.at : null,
    suspensionRequested: next?.kind === 'exhausted',
    declinedAt: at,
  });
}

/**
 * Dunning ran out: the BSS is asked to suspend the line, by subscriber id (the payments service
 * knows no ICCID), one request per payment.
 */
export function suspensionRequested(
  p: PaymentRecord,
  at: number,
): NewEvent<SubscriberSuspensionRequested> {
  return {
    type: EventTypes.SubscriberSuspensionRequested,
    // To the BSS on the lifecycle topic: its point (handoff-to-bss) owns it, not the processor's.
    subject: p.subscriberId,
    data: {
      subjectId: p.subscriberId,
      requestId: suspensionRequestIdOf(p.paymentId),
      subscriberId: p.subscriberId,
      iccid: null,
      reasonCode: 'NON_PAYMENT',
      requestedAt: at,
      paymentId: p.paymentId,
    },
  };
}

export function paymentRefunded(
  p: PaymentRecord,
  r: RefundRecord,
  at: number,
): NewEvent<PaymentRefunded> {
  const fullyRefunded = p.refundedChargeMinor >= p.chargeMinor;
  return paymentEvent(EventTypes.PaymentRefunded, r.subscriberId, {
    subjectId: r.subscriberId,
    paymentId: p.paymentId,
    subscriberId: r.subscriberId,
    paymentIntentId: p.paymentIntentId!,
    refundId: r.refundId!,
    idempotencyKey: r.idempotencyKey,
    amount: money(r.refundedMinor!, p.currency),
    state: fullyRefunded ? 'refunded' : 'partiallyRefunded',
    reason: { code: r.reasonCode, message: r.reasonMessage },
    refundedAt: at,
    refundRequestId: r.refundRequestId,
    taxAmount: money(r.taxMinor ?? 0, p.currency),
    taxLines: r.taxLines ?? [],
  });
}

export function refundRejected(
  r: Pick<RefundRecord, 'refundRequestId' | 'paymentId' | 'subscriberId'>,
  reason: { code: string; message: string },
  at: number,
): NewEvent<PaymentRefundRejected> {
  return paymentEvent(EventTypes.PaymentRefundRejected, r.subscriberId, {
    subjectId: r.subscriberId,
    refundRequestId: r.refundRequestId,
    paymentId: r.paymentId,
    subscriberId: r.subscriberId,
    reason,
    rejectedAt: at,
  });
}
