import {
  EventTypes,
  type Money,
  type PaymentAuthorized,
  type PaymentCaptured,
  type PaymentDeclined,
  type TaxCommitted,
  type TaxQuoted,
  type TaxVoided,
} from '@handoff/contracts';
import type { NewEvent } from '@handoff/messaging';
import {
  PAYMENT_INTEGRATION_POINT,
  paymentIdempotencyKey,
  type PaymentDeclinedError,
  type PaymentIntent,
} from '@handoff/payments';
import { contractTaxLines, TAX_INTEGRATION_POINT, type TaxDocument } from '@handoff/tax-engine';
import type { Reason } from './activation-events';
import { authorizationRound } from './activation-money';
import type { ActivationRecord } from './activation.repository';

/**
 * The money steps' outcomes, each on its vendor's topic (tax, payment) and owned by that vendor's
 * integration point, keyed by the subscriber like the activation's own events. An activation's
 * payment has no id of its own: it is the activation's (`paymentId` = `orderId` = the activation
 * id, the process its idempotency keys derive from). The tax quote and transaction are the
 * document code (decision 41).
 */
type Activation = Pick<ActivationRecord, 'activationId' | 'subscriberId' | 'request' | 'money'>;

const money = (amountMinor: number, currency: string): Money => ({ amountMinor, currency });

/** What the row authorized: charges plus tax. */
const authorized = (a: Activation) => money(a.money.amountMinor!, a.money.currency!);
const taxOf = (a: Activation) => money(a.money.taxTotalMinor ?? 0, a.money.currency!);

function taxEvent<T>(type: string, a: Activation, data: T): NewEvent<T> {
  return { type, subject: a.subscriberId, integrationPoint: TAX_INTEGRATION_POINT, data };
}

function paymentEvent<T>(type: string, a: Activation, data: T): NewEvent<T> {
  return { type, subject: a.subscriberId, integrationPoint: PAYMENT_INTEGRATION_POINT, data };
}

/** What every tax event of an activation says about what was taxed. */
function taxedOrder(a: Activation, document: TaxDocument) {
  return {
    subjectId: a.subscriberId,
    taxQuoteId: document.documentCode,
    orderId: a.activationId,
    purpose: 'activation' as const,
    subscriberId: a.subscriberId,
  };
}

/** What every payment event of an activation says about the payment. */
function activationPayment(a: Activation) {
  return {
    subjectId: a.subscriberId,
    paymentId: a.activationId,
    subscriberId: a.subscriberId,
    orderId: a.activationId,
    purpose: 'activation' as const,
  };
}

export function taxQuoted(a: Activation, document: TaxDocument): NewEvent<TaxQuoted> {
  return taxEvent(EventTypes.TaxQuoted, a, {
    ...taxedOrder(a, document),
    jurisdictionCode: document.jurisdiction.code,
    taxableAmount: money(document.chargesTotalMinor, document.currency),
    totalTax: money(document.taxTotalMinor, document.currency),
    lines: contractTaxLines(document),
    quotedAt: Date.now(),
    expiresAt: null,
  });
}

export function taxCommitted(a: Activation, document: TaxDocument): NewEvent<TaxCommitted> {
  return taxEvent(EventTypes.TaxCommitted, a, {
    ...taxedOrder(a, document),
    taxTransactionId: document.documentCode,
    paymentIntentId: a.money.paymentIntentId,
    jurisdictionCode: document.jurisdiction.code,
    totalTax: money(document.taxTotalMinor, document.currency),
    lines: contractTaxLines(document),
    committedAt: Date.now(),
  });
}

/** `wasCommitted`: the document had been filed before the void (a transaction reversed). */
export function taxVoided(
  a: Activation,
  document: TaxDocument,
  wasCommitted: boolean,
  reason: Reason,
): NewEvent<TaxVoided> {
  return taxEvent(EventTypes.TaxVoided, a, {
    ...taxedOrder(a, document),
    taxTransactionId: wasCommitted ? document.documentCode : null,
    totalTax: money(document.taxTotalMinor, document.currency),
    reason,
    voidedAt: Date.now(),
  });
}

/** The hold on the row's current round (1, or a renewal's). */
export function paymentAuthorized(
  a: Activation,
  intent: PaymentIntent,
): NewEvent<PaymentAuthorized> {
  return paymentEvent(EventTypes.PaymentAuthorized, a, {
    ...activationPayment(a),
    paymentIntentId: intent.intentId,
    idempotencyKey: paymentIdempotencyKey(a.activationId, 'authorize', authorizationRound(a)),
    amount: authorized(a),
    taxAmount: taxOf(a),
    taxQuoteId: a.money.taxDocumentCode,
    state: 'authorized',
    authorizedAt: Date.now(),
    expiresAt: intent.authorizationExpiresAt?.getTime() ?? null,
  });
}

export function paymentCaptured(a: Activation): NewEvent<PaymentCaptured> {
  return paymentEvent(EventTypes.PaymentCaptured, a, {
    ...activationPayment(a),
    paymentIntentId: a.money.paymentIntentId!,
    idempotencyKey: paymentIdempotencyKey(a.activationId, 'capture', authorizationRound(a)),
    amount: authorized(a),
    taxAmount: taxOf(a),
    // The lines come with TaxQuoted and TaxCommitted, on either side of the capture.
    taxDocumentCode: a.money.taxDocumentCode,
    taxLines: [],
    state: 'captured',
    capturedAt: Date.now(),
  });
}

/** An activation's authorization declined: the saga does not dun, the activation is rejected. */
export function paymentDeclined(
  a: Activation,
  decline: PaymentDeclinedError,
): NewEvent<PaymentDeclined> {
  return paymentEvent(EventTypes.PaymentDeclined, a, {
    ...activationPayment(a),
    paymentIntentId: decline.intentId ?? null,
    idempotencyKey: paymentIdempotencyKey(a.activationId, 'authorize'),
    amount: authorized(a),
    state: 'declined',
    reason: { code: decline.declineCode, message: decline.message },
    retryable: decline.category === 'soft',
    dunningAttempt: 0,
    nextRetryAt: null,
    suspensionRequested: false,
    taxDocumentCode: a.money.taxDocumentCode,
    taxLines: [],
    declinedAt: Date.now(),
  });
}
