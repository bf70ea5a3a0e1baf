/** `unpaid`: the line is provisioned and its capture stayed failed (the payments owner knows). */
export type PaymentStatus = 'authorized' | 'captured' | 'voided' | 'unpaid';

/** What the saga asked the tax engine and the processor, as the activation's row records it. */
export interface ActivationMoney {
  taxJurisdictionCode: string | null;
  taxDocumentCode: string | null;
  taxTotalMinor: number | null;
  /** What was authorized: charges plus tax, in minor units of `currency`. */
  amountMinor: number | null;
  currency: string | null;
  paymentIntentId: string | null;
  paymentStatus: PaymentStatus | null;
  /** When the current hold lapses, as the processor said; the saga renews it before then. */
  authorizationExpiresAt: Date | null;
  /** 1 for the first authorization, +1 per renewal: the round of its idempotency keys. */
  authorizationRound: number | null;
}

/**
 * The money columns of `activations` (migrations ActivationMoney1795670000000 and
 * AuthorizationRenewal1795683000000); bigint reads as text.
 */
export interface MoneyColumns {
  tax_jurisdiction_code: string | null;
  tax_document_code: string | null;
  tax_total_minor: string | null;
  amount_minor: string | null;
  currency: string | null;
  payment_intent_id: string | null;
  payment_status: PaymentStatus | null;
  authorization_expires_at: Date | null;
  authorization_round: number | null;
}

/**
 * The round of the row's current authorization; rows from before renewals have none and are in
 * round 1. Capture and void keys carry it: each authorization is captured or voided under its own.
 */
export function authorizationRound(a: { money: ActivationMoney }): number {
  return a.money.authorizationRound ?? 1;
}

export function moneyOf(r: MoneyColumns): ActivationMoney {
  return {
    taxJurisdictionCode: r.tax_jurisdiction_code,
    taxDocumentCode: r.tax_document_code,
    taxTotalMinor: r.tax_total_minor === null ? null : Number(r.tax_total_minor),
    amountMinor: r.amount_minor === null ? null : Number(r.amount_minor),
    currency: r.currency,
    paymentIntentId: r.payment_intent_id,
    paymentStatus: r.payment_status,
    authorizationExpiresAt: r.authorization_expires_at,
    authorizationRound: r.authorization_round,
  };
}

/** Parameters $13 to $21 of the repository's update, in its order; null keeps the column. */
export function moneyParams(m: Partial<ActivationMoney>) {
  return [
    m.taxJurisdictionCode ?? null,
    m.taxDocumentCode ?? null,
    m.taxTotalMinor ?? null,
    m.amountMinor ?? null,
    m.currency ?? null,
    m.paymentIntentId ?? null,
    m.paymentStatus ?? null,
    m.authorizationExpiresAt ?? null,
    m.authorizationRound ?? null,
  ];
}
