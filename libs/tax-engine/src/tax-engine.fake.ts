import { addressUnresolved, TaxErrorCode, taxPermanent } from './tax-engine.errors';
import type {
  ServiceAddress,
  TaxAdjustmentRequest,
  TaxCharge,
  TaxDocument,
  TaxEngineHealth,
  TaxEnginePort,
  TaxJurisdiction,
  TaxJurisdictionConfiguration,
  TaxLine,
  TaxQuoteRequest,
} from './tax-engine.port';

export type TaxOperation = keyof Omit<TaxEnginePort, 'health'>;

export interface FakeTaxEngineOptions {
  /** One state-level rate, in millionths, for every covered place; default 10 %. */
  rateMicros?: number;
  /** Jurisdiction codes that resolve but are taxed nothing (zero tax, no error). */
  uncovered?: string[];
  /** What `listJurisdictions` answers, besides the `uncovered` codes (with no rules); default none. */
  configured?: TaxJurisdictionConfiguration[];
}

/**
 * An in-memory tax engine for unit tests of the port's users: the document rules of the real one
 * (quote by code, commit once, void, adjust once per code), a flat rate, and scripted failures.
 * A jurisdiction code is `US-<state>-<postal code>`; postal codes starting with `000` resolve to none.
 */
export class FakeTaxEngine implements TaxEnginePort {
  readonly health: TaxEngineHealth = {
    breakerOpen: () => false,
    onRecovered: () => () => undefined,
  };
  readonly documents = new Map<string, TaxDocument>();
  readonly calls: { operation: TaxOperation; key: string }[] = [];
  /** The effects a real engine would file: one entry per commit, void and adjustment. */
  readonly effects: { effect: 'committed' | 'voided' | 'adjusted'; documentCode: string }[] = [];
  private readonly failures: {
    remaining: number;
    error: () => Error;
    operations?: TaxOperation[];
  }[] = [];

  constructor(private readonly options: FakeTaxEngineOptions = {}) {}

  /** The next `count` calls (of `operations`, default any) reject with `error`, doing nothing. */
  failNext(count: number, error: Error | (() => Error), operations?: TaxOperation[]): this {
    const make = typeof error === 'function' ? error : () => error;
    this.failures.push({ remaining: count, error: make, operations });
    return this;
  }

  async resolveJurisdiction(address: ServiceAddress): Promise<TaxJurisdiction> {
    this.enter('resolveJurisdiction', address.postalCode);
    if (address.postalCode.startsWith('000')) throw addressUnresolved('no jurisdiction');
    const code = `US-${address.state}-${address.postalCode.slice(0, 5)}`;
    return Promise.resolve({ code, name: code });
  }

  async quote(request: TaxQuoteRequest): Promise<TaxDocument> {
    this.enter('quote', request.documentCode);
    const jurisdiction =
      'jurisdictionCode' in request.location
        ? { code: request.location.jurisdictionCode, name: request.location.jurisdictionCode }
        : await this.resolveJurisdiction(request.location.serviceAddress);
    const existing = this.documents.get(request.documentCode);
    if (existing && existing.state !== 'quoted') {
      const same =
        existing.lines.length === 0 || existing.chargesTotalMinor === total(request.charges);
      if (same) return { ...existing };
      throw taxPermanent(TaxErrorCode.documentLocked, `document ${request.documentCode} is locked`);
    }
    const lines = this.tax(jurisdiction.code, request.charges);
    const document: TaxDocument = {
      documentCode: request.documentCode,
      state: 'quoted',
      transactionDate: request.transactionDate,
      currency: request.currency,
      jurisdiction,
      coverage: lines.length > 0 ? 'taxed' : 'untaxed',
      chargesTotalMinor: total(request.charges),
      taxTotalMinor: sumTax(lines),
      lines,
      adjustments: [],
      netTaxMinor: sumTax(lines),
    };
    this.documents.set(request.documentCode, document);
    return { ...document };
  }

  async commit(documentCode: string): Promise<TaxDocument> {
    this.enter('commit', documentCode);
    const document = this.stored(documentCode);
    if (document.state === 'voided') throw taxPermanent(TaxErrorCode.documentVoided, 'voided');
    if (document.state === 'quoted') {
      document.state = 'committed';
      this.effects.push({ effect: 'committed', documentCode });
    }
    return Promise.resolve({ ...document });
  }

  async voidDocument(documentCode: string): Promise<TaxDocument> {
    this.enter('voidDocument', documentCode);
    const document = this.stored(documentCode);
    if (document.state !== 'voided') {
      document.state = 'voided';
      this.effects.push({ effect: 'voided', documentCode });
    }
    return Promise.resolve({ ...document });
  }

  async adjust(documentCode: string, adjustment: TaxAdjustmentRequest): Promise<TaxDocument> {
    this.enter('adjust', documentCode);
    const document = this.stored(documentCode);
    if (document.adjustments.some((a) => a.adjustmentCode === adjustment.adjustmentCode)) {
      return { ...document };
    }
    if (document.state !== 'committed') {
      throw taxPermanent(
        TaxErrorCode.documentNotCommitted,
        `document ${documentCode} is ${document.state}`,
      );
    }
    const lines = this.tax(document.jurisdiction.code, adjustment.charges);
    document.adjustments.push({
      adjustmentCode: adjustment.adjustmentCode,
      reason: adjustment.reason,
      chargesTotalMinor: total(adjustment.charges),
      taxTotalMinor: sumTax(lines),
      lines,
    });
    document.netTaxMinor += sumTax(lines);
    this.effects.push({ effect: 'adjusted', documentCode });
    return Promise.resolve({ ...document });
  }

  async findDocument(documentCode: string): Promise<TaxDocument | undefined> {
    this.enter('findDocument', documentCode);
    const document = this.documents.get(documentCode);
    return Promise.resolve(document && { ...document });
  }

  async listJurisdictions(): Promise<TaxJurisdictionConfiguration[]> {
    this.enter('listJurisdictions', '*');
    const uncovered = (this.options.uncovered ?? []).map((code) => ({
      code,
      name: code,
      state: code.split('-')[1] ?? '',
      taxRuleCount: 0,
    }));
    return Promise.resolve([...(this.options.configured ?? []), ...uncovered]);
  }

  private tax(jurisdictionCode: string, charges: readonly TaxCharge[]): TaxLine[] {
    if (this.options.uncovered?.includes(jurisdictionCode)) return [];
    const rateMicros = this.options.rateMicros ?? 100_000;
    return charges.map((charge) => ({
      chargeRef: charge.ref,
      level: 'state',
      jurisdictionName: jurisdictionCode,
      name: 'Fake State Tax',
      kind: 'tax',
      rate: (rateMicros / 1_000_000).toFixed(6),
      taxableAmountMinor: charge.amountMinor,
      taxAmountMinor: Math.round((charge.amountMinor * rateMicros) / 1_000_000),
    }));
  }

  private stored(documentCode: string): TaxDocument {
    const document = this.documents.get(documentCode);
    if (!document) throw taxPermanent(TaxErrorCode.documentNotFound, `no document ${documentCode}`);
    return document;
  }

  private enter(operation: TaxOperation, key: string): void {
    this.calls.push({ operation, key });
    const failure = this.failures.find((f) => !f.operations || f.operations.includes(operation));
    if (!failure) return;
    if (--failure.remaining === 0) this.failures.splice(this.failures.indexOf(failure), 1);
    throw failure.error();
  }
}

const total = (charges: readonly TaxCharge[]) => charges.reduce((t, c) => t + c.amountMinor, 0);
const sumTax = (lines: readonly TaxLine[]) => lines.reduce((t, l) => t + l.taxAmountMinor, 0);
