import { call, type DemoContext } from './demo-context';
import type { MoneyLedgers, PaymentEffect, TaxDocumentView, TaxLedgerEntry } from './demo-money';

/*
 * The vendors' own records, read over their admin HTTP APIs as an auditor would: the processor's
 * effects ledger, the tax engine's filings and its documents. Each simulator starts empty with
 * the demo's stack, so everything in them is this run's.
 */

export const paymentEffects = (ctx: DemoContext, customer?: string) =>
  call<PaymentEffect[]>(
    `${ctx.paymentUrl}/admin/effects${customer ? `?customer=${encodeURIComponent(customer)}` : ''}`,
  );

export const taxLedger = (ctx: DemoContext) => call<TaxLedgerEntry[]>(`${ctx.taxUrl}/admin/ledger`);

export const taxDocument = (ctx: DemoContext, code: string) =>
  call<TaxDocumentView>(
    `${ctx.taxUrl}/communications-tax/v1/documents/${encodeURIComponent(code)}`,
  );

/** Both ledgers, and the documents these codes name. */
export async function readLedgers(
  ctx: DemoContext,
  documentCodes: readonly string[],
): Promise<MoneyLedgers> {
  const documents = await Promise.all(documentCodes.map((code) => taxDocument(ctx, code)));
  return {
    effects: await paymentEffects(ctx),
    taxEntries: await taxLedger(ctx),
    documents: new Map(documents.map((d) => [d.documentCode, d])),
  };
}
