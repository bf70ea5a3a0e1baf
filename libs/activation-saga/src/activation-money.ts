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
}

/** The money columns of `activations` (migration ActivationMoney1795670000000); bigint reads as text. */
export interface MoneyColumns {
  tax_jurisdiction_code: string | null;
  tax_document_code: string | null;
  tax_total_minor: string | null;
  amount_minor: string | null;
  currency: string | null;
  payment_intent_id: string | null;
  payment_status: PaymentStatus | null;
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
  };
}

/** Parameters $13 to $19 of the repository's update, in its order; null keeps the column. */
export function moneyParams(m: Partial<ActivationMoney>) {
  return [
    m.taxJurisdictionCode ?? null,
    m.taxDocumentCode ?? null,
    m.taxTotalMinor ?? null,
    m.amountMinor ?? null,
    m.currency ?? null,
    m.paymentIntentId ?? null,
    m.paymentStatus ?? null,
  ];
}
