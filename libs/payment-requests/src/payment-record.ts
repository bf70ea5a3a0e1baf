import type { TaxLine } from '@handoff/contracts';
import type { DunningNext } from '@handoff/dunning';
import type { DeclineCategory } from '@handoff/payments';
import type { TaxChargeType } from '@handoff/tax-engine';

/** The payments this service takes from the BSS; an activation's payment is the saga's. */
export type PaymentPurpose = 'topUp' | 'autopayRenewal';

/**
 * Where a payment stands, in the order the steps run: each is committed before the next acts.
 * `dunning`: declined, a dunning retry scheduled (its quote kept); `voidingTax`: declined for good,
 * its quote still to void before the outcome is announced; `captured` and `declined` are final.
 */
export type PaymentStep =
  | 'taxQuote'
  | 'authorization'
  | 'capture'
  | 'taxCommit'
  | 'captured'
  | 'dunning'
  | 'voidingTax'
  | 'declined';

/**
 * Why a payment was not taken: the issuer's decline, or a service address the tax engine cannot
 * place (`source: 'tax'`: nothing reached the processor, nothing for dunning to count).
 */
export interface PaymentDeclineFacts {
  source: 'issuer' | 'tax';
  category: DeclineCategory;
  declineCode: string;
  message: string;
  intentId: string | null;
}

export interface PaymentRecord {
  paymentId: string;
  subscriberId: string;
  orderId: string | null;
  purpose: PaymentPurpose;
  /** What the BSS asked for, before tax, in minor units. */
  chargeMinor: number;
  currency: string;
  paymentMethodToken: string;
  /** The BSS's key: attempt 0 sends it as it is, dunning attempts a key derived from it. */
  idempotencyKey: string;
  correlationId: string;
  step: PaymentStep;
  /** 0 for the BSS's own request, n while dunning attempt n runs or after it. */
  attempt: number;
  taxDocumentCode: string | null;
  taxTotalMinor: number | null;
  /** The quote's lines, in the events' terms. */
  taxLines: TaxLine[] | null;
  paymentIntentId: string | null;
  decline: PaymentDeclineFacts | null;
  /** What dunning answered to the last decline, for the outcome announced after the void. */
  dunningNext: DunningNext | null;
  /** The part of `chargeMinor` refunds have taken (or are taking). */
  refundedChargeMinor: number;
}

/** Charges plus tax: what the processor is asked to authorize and capture. */
export function totalMinorOf(p: PaymentRecord): number {
  return p.chargeMinor + (p.taxTotalMinor ?? 0);
}

/** The tax document of a payment: the same payment always names the same one. */
export function paymentTaxDocumentCode(paymentId: string): string {
  return `PAY-${paymentId}`;
}

/**
 * The authorization key of the row's attempt: the BSS's own for its request (so the BSS can look
 * the intent up by it), `<key>:dunning:<n>` for dunning attempt n (the same key again would only
 * replay the first decline).
 */
export function authorizationKeyOf(p: Pick<PaymentRecord, 'idempotencyKey' | 'attempt'>): string {
  return p.attempt === 0 ? p.idempotencyKey : `${p.idempotencyKey}:dunning:${p.attempt}`;
}

export function captureKeyOf(p: Pick<PaymentRecord, 'idempotencyKey' | 'attempt'>): string {
  return `${authorizationKeyOf(p)}:capture`;
}

/** The id of the suspension request a payment's exhausted dunning sends: one per payment. */
export function suspensionRequestIdOf(paymentId: string): string {
  return `dunning-suspension-${paymentId}`;
}

/** The tax engine's adjustment of a refund: one per refund request. */
export function refundAdjustmentCodeOf(refundRequestId: string): string {
  return `REFUND-${refundRequestId}`;
}

/** How the engine taxes what a payment is for: a prepaid recharge, or a month of the plan. */
export function taxChargeTypeOf(purpose: PaymentPurpose): TaxChargeType {
  return purpose === 'topUp' ? 'topUp' : 'monthlyPlan';
}

/** The charge's ref on the tax document (`<n>:<chargeCode>`, the form the tax lines map from). */
export function chargeRefOf(purpose: PaymentPurpose): string {
  return purpose === 'topUp' ? '1:TOP_UP' : '1:AUTOPAY_RENEWAL';
}
