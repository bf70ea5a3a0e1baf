import { Inject, Injectable } from '@nestjs/common';
import { taxLines, totalsOf } from '../calc/tax-calculator';
import {
  JurisdictionCatalog,
  type ConfiguredJurisdiction,
} from '../jurisdictions/jurisdiction-catalog';
import { taxError } from '../tax-error';
import { canonicalKey, TaxDocumentStore } from './tax-document.store';
import type { TaxDocument } from './tax-document.types';
import type { AdjustRequest, CalculateRequest, ServiceAddressInput } from './tax-request.schema';

/**
 * The document rules of a communications tax engine. A document code names one transaction:
 * the same request again changes nothing; an uncommitted quote may be recalculated; a committed
 * document is never overwritten, only voided or adjusted; commit and void happen once.
 */
@Injectable()
export class TaxDocumentsService {
  constructor(
    @Inject(TaxDocumentStore) private readonly store: TaxDocumentStore,
    @Inject(JurisdictionCatalog) private readonly jurisdictions: JurisdictionCatalog,
  ) {}

  resolve(request: {
    serviceAddress?: ServiceAddressInput;
    jurisdictionCode?: string;
  }): ConfiguredJurisdiction {
    const found = request.serviceAddress
      ? this.jurisdictions.resolveAddress(request.serviceAddress)
      : this.jurisdictions.byJurisdictionCode(request.jurisdictionCode ?? '');
    if (!found) throw taxError.unresolved();
    return found;
  }

  /**
   * The same request under the same tax configuration answers the stored document. A quote asked
   * again after its jurisdiction's configuration changed is recalculated, as real engines do with
   * an uncommitted document: that is how a place that was taxed zero gets its tax once configured.
   */
  calculate(request: CalculateRequest): TaxDocument {
    const requestKey = canonicalKey(request);
    const existing = this.store.get(request.documentCode);
    const locked = existing && existing.document.status !== 'quoted';
    if (locked && existing.requestKey === requestKey) return existing.document;
    if (locked) throw taxError.locked(request.documentCode, existing.document.status);
    const jurisdiction = this.resolve(request);
    const unchanged = existing?.jurisdictionRevision === jurisdiction.revision;
    if (existing?.requestKey === requestKey && unchanged) return existing.document;
    const lines = taxLines(jurisdiction, request.lines);
    const document: TaxDocument = {
      documentCode: request.documentCode,
      status: 'quoted',
      version: (existing?.document.version ?? 0) + 1,
      transactionDate: request.transactionDate,
      currency: request.currency,
      jurisdiction: { code: jurisdiction.code, name: jurisdiction.name },
      lines,
      totals: totalsOf(lines),
      adjustments: [],
      createdAt: existing?.document.createdAt ?? new Date().toISOString(),
    };
    this.store.put(document, requestKey, jurisdiction.revision);
    return document;
  }

  get(code: string): TaxDocument {
    const stored = this.store.get(code);
    if (!stored) throw taxError.notFound(code);
    return stored.document;
  }

  /** Committing a committed document answers it again and files nothing more. */
  commit(code: string): TaxDocument {
    const document = this.get(code);
    if (document.status === 'committed') return document;
    if (document.status === 'voided') throw taxError.voided(code);
    document.status = 'committed';
    document.committedAt = new Date().toISOString();
    this.store.record('committed', document, document.totals.taxAmount);
    return document;
  }

  /** Voids a quote (nothing was filed) or a commitment (reversed); a second void changes nothing. */
  void(code: string, reason: string): TaxDocument {
    const document = this.get(code);
    if (document.status === 'voided') return document;
    const fromStatus = document.status;
    const reversed = fromStatus === 'committed' ? -this.netTax(document) : 0;
    document.status = 'voided';
    document.voidedAt = new Date().toISOString();
    document.voidReason = reason;
    this.store.record('voided', document, reversed, { fromStatus });
    return document;
  }

  /** Adds an adjustment (a refund is negative amounts) to a committed document, once per code. */
  adjust(code: string, request: AdjustRequest): TaxDocument {
    const stored = this.store.get(code);
    if (!stored) throw taxError.notFound(code);
    const { document, adjustmentKeys } = stored;
    const requestKey = canonicalKey(request.lines);
    const seen = adjustmentKeys.get(request.adjustmentCode);
    if (seen === requestKey) return document;
    if (seen !== undefined) throw taxError.adjustmentConflict(request.adjustmentCode);
    if (document.status === 'voided') throw taxError.voided(code);
    if (document.status !== 'committed') throw taxError.notCommitted(code);
    const jurisdiction = this.jurisdictions.byJurisdictionCode(document.jurisdiction.code);
    if (!jurisdiction) throw taxError.unresolved();
    const lines = taxLines(jurisdiction, request.lines);
    const adjustment = {
      adjustmentCode: request.adjustmentCode,
      reason: request.reason,
      createdAt: new Date().toISOString(),
      lines,
      totals: totalsOf(lines),
    };
    document.adjustments.push(adjustment);
    adjustmentKeys.set(request.adjustmentCode, requestKey);
    this.store.record('adjusted', document, adjustment.totals.taxAmount, {
      adjustmentCode: request.adjustmentCode,
    });
    return document;
  }

  private netTax(document: TaxDocument): number {
    return document.adjustments.reduce((t, a) => t + a.totals.taxAmount, document.totals.taxAmount);
  }
}
