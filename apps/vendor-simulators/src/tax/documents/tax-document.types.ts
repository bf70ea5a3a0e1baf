import type { TaxedLine, TaxTotals } from '../calc/tax-calculator';

export type DocumentStatus = 'quoted' | 'committed' | 'voided';

export interface JurisdictionRef {
  code: string;
  name: string;
}

export interface TaxAdjustment {
  adjustmentCode: string;
  reason: string;
  createdAt: string;
  lines: TaxedLine[];
  totals: TaxTotals;
}

/** A tax document on the wire: the engine's record of one transaction's taxes. */
export interface TaxDocument {
  documentCode: string;
  status: DocumentStatus;
  /** Goes up each time an uncommitted document is recalculated with a different request. */
  version: number;
  transactionDate: string;
  currency: 'USD';
  jurisdiction: JurisdictionRef;
  lines: TaxedLine[];
  totals: TaxTotals;
  adjustments: TaxAdjustment[];
  createdAt: string;
  committedAt?: string;
  voidedAt?: string;
  voidReason?: string;
}

/** What the effects ledger records: the filings a real engine would report. */
export type LedgerEffect = 'committed' | 'voided' | 'adjusted';

export interface LedgerEntry {
  sequence: number;
  at: string;
  effect: LedgerEffect;
  documentCode: string;
  adjustmentCode?: string;
  /** The document's state before a void: voiding a quote files nothing, voiding a commit reverses it. */
  fromStatus?: DocumentStatus;
  currency: 'USD';
  taxAmount: number;
}
