import { Injectable } from '@nestjs/common';
import type { DocumentStatus, LedgerEffect, LedgerEntry, TaxDocument } from './tax-document.types';

interface StoredDocument {
  document: TaxDocument;
  /** The canonical request the document was last calculated from: same request, same document. */
  requestKey: string;
  /** The jurisdiction's configuration it was calculated under: a quote is redone after a change. */
  jurisdictionRevision: number;
  adjustmentKeys: Map<string, string>;
}

/** Documents by code, and the effects ledger: what was committed, voided or adjusted, in order. */
@Injectable()
export class TaxDocumentStore {
  private readonly documents = new Map<string, StoredDocument>();
  private readonly ledger: LedgerEntry[] = [];

  get(code: string): StoredDocument | undefined {
    return this.documents.get(code);
  }

  put(document: TaxDocument, requestKey: string, jurisdictionRevision: number): void {
    const adjustmentKeys =
      this.documents.get(document.documentCode)?.adjustmentKeys ?? new Map<string, string>();
    this.documents.set(document.documentCode, {
      document,
      requestKey,
      jurisdictionRevision,
      adjustmentKeys,
    });
  }

  record(
    effect: LedgerEffect,
    document: TaxDocument,
    taxAmount: number,
    extra: { adjustmentCode?: string; fromStatus?: DocumentStatus } = {},
  ): void {
    this.ledger.push({
      sequence: this.ledger.length + 1,
      at: new Date().toISOString(),
      effect,
      documentCode: document.documentCode,
      ...extra,
      currency: document.currency,
      taxAmount,
    });
  }

  entries(documentCode?: string): LedgerEntry[] {
    return this.ledger.filter((e) => documentCode === undefined || e.documentCode === documentCode);
  }

  countByStatus(): Record<DocumentStatus, number> {
    const counts = { quoted: 0, committed: 0, voided: 0 };
    for (const { document } of this.documents.values()) counts[document.status] += 1;
    return counts;
  }

  clear(): void {
    this.documents.clear();
    this.ledger.length = 0;
  }
}

/** Key-order-independent JSON, so the same request written differently is still the same. */
export function canonicalKey(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)),
        )
      : v,
  );
}
