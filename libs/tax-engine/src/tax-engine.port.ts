/**
 * The tax engine as the rest of Handoff sees it: tax documents for our charges, in our terms. The
 * vendor's wire format (a communications tax API in the AFC / SureTax manner) stays in this lib.
 *
 * Money is integer minor units with an ISO 4217 currency, never a float. Each tax line is rounded by
 * the engine on its own; every total here is the exact sum of its lines (the adapter checks it).
 */
export type TaxChargeType = 'activationFee' | 'monthlyPlan' | 'topUp' | 'usage';

export interface TaxCharge {
  /** Unique within one request: tax lines point back to it. */
  ref: string;
  type: TaxChargeType;
  /** Minor units (cents); negative in an adjustment that refunds. */
  amountMinor: number;
  /** Lines the charge covers (per-line 911 fees); default 1. */
  lines?: number;
}

export interface ServiceAddress {
  street?: string;
  city?: string;
  /** Two-letter state code. */
  state: string;
  postalCode: string;
  /** Two-letter country code; default `US`. */
  country?: string;
}

/** Where the service is used: an address the engine resolves, or a jurisdiction it resolved before. */
export type TaxLocation = { serviceAddress: ServiceAddress } | { jurisdictionCode: string };

export interface TaxQuoteRequest {
  /** Our key for the document; derive it with `taxDocumentCodeFor` so a retry finds the same one. */
  documentCode: string;
  /** `YYYY-MM-DD`: the date the rates are taken from. */
  transactionDate: string;
  currency: string;
  location: TaxLocation;
  charges: TaxCharge[];
}

export interface TaxAdjustmentRequest {
  /** One adjustment per code: a retry with the same code adjusts nothing more. */
  adjustmentCode: string;
  reason: string;
  charges: TaxCharge[];
}

export type TaxJurisdictionLevel = 'federal' | 'state' | 'county' | 'city' | 'district';

export interface TaxJurisdiction {
  /** The engine's code for the place; a quote may name it instead of the address. */
  code: string;
  name: string;
}

/** A jurisdiction as the engine is configured for it now (its configuration can change any time). */
export interface TaxJurisdictionConfiguration extends TaxJurisdiction {
  /** Two-letter state or territory code. */
  state: string;
  /** 0: the engine resolves the place but taxes it nothing (see `TaxCoverage`). */
  taxRuleCount: number;
}

export interface TaxLine {
  chargeRef: string;
  level: TaxJurisdictionLevel;
  jurisdictionName: string;
  /** E.g. `Federal Universal Service Fund`, `State 911 Excise Tax`. */
  name: string;
  kind: 'tax' | 'regulatoryFee';
  /** A decimal string (`"0.065000"`), never a float; null for a fixed per-line fee. */
  rate: string | null;
  taxableAmountMinor: number;
  taxAmountMinor: number;
}

export interface TaxAdjustment {
  adjustmentCode: string;
  reason: string;
  chargesTotalMinor: number;
  taxTotalMinor: number;
  lines: TaxLine[];
}

export type TaxDocumentState = 'quoted' | 'committed' | 'voided';

/**
 * `taxed`: at least one tax line came back. `untaxed`: none did, so the tax is zero. Real engines
 * answer a place they have no configuration for with zero tax and no error, so only the caller can
 * tell "nothing is owed" from "nobody taxed it": `untaxed` with `jurisdiction.code` is what it
 * decides on (the saga: `TaxJurisdictionUnresolved` for a place that should be taxed).
 */
export type TaxCoverage = 'taxed' | 'untaxed';

export interface TaxDocument {
  documentCode: string;
  state: TaxDocumentState;
  transactionDate: string;
  currency: string;
  jurisdiction: TaxJurisdiction;
  coverage: TaxCoverage;
  chargesTotalMinor: number;
  /** The exact sum of `lines[].taxAmountMinor`. */
  taxTotalMinor: number;
  lines: TaxLine[];
  adjustments: TaxAdjustment[];
  /** `taxTotalMinor` plus every adjustment's tax: what is owed once committed. */
  netTaxMinor: number;
}

export interface TaxEngineHealth {
  /** True while any endpoint breaker is open and refusing calls (half-open lets a trial through). */
  breakerOpen(): boolean;
  /** Called once every breaker that had opened is closed again; returns the unsubscribe. */
  onRecovered(listener: () => void): () => void;
}

/**
 * Errors are `@handoff/resilience` classes with `TAX.*` codes (see `TaxErrorCode`). A call whose
 * outcome is unknown (a timeout, a reset, a 5xx) is settled by reading the document by its code
 * before anything is sent again. `signal` lets the caller give up early.
 */
export interface TaxEnginePort {
  /** The jurisdiction of a service address; a `BusinessRejection` `TAX.ADDRESS_UNRESOLVED` if none. */
  resolveJurisdiction(address: ServiceAddress, signal?: AbortSignal): Promise<TaxJurisdiction>;

  /**
   * Calculates without committing. Idempotent by document code: the same request again returns the
   * same document (in whatever state it is now); an uncommitted quote asked with other charges is
   * recalculated; a committed or voided one is not (`TAX.DOCUMENT_LOCKED`).
   */
  quote(request: TaxQuoteRequest, signal?: AbortSignal): Promise<TaxDocument>;

  /** Commits a quote for filing, once: committing a committed document returns it, files nothing. */
  commit(documentCode: string, signal?: AbortSignal): Promise<TaxDocument>;

  /** Voids a quote (nothing filed) or a committed document (reversed); again, changes nothing. */
  voidDocument(documentCode: string, reason: string, signal?: AbortSignal): Promise<TaxDocument>;

  /** Adds an adjustment to a committed document (negative amounts refund), once per code. */
  adjust(
    documentCode: string,
    adjustment: TaxAdjustmentRequest,
    signal?: AbortSignal,
  ): Promise<TaxDocument>;

  /** The document with this code, or undefined: how an unknown outcome is resolved. */
  findDocument(documentCode: string, signal?: AbortSignal): Promise<TaxDocument | undefined>;

  /** Every jurisdiction the engine is configured for, with its number of tax rules, read now. */
  listJurisdictions(signal?: AbortSignal): Promise<TaxJurisdictionConfiguration[]>;

  readonly health: TaxEngineHealth;
}

/** The document code of an activation's charges: the same activation always names the same one. */
export function taxDocumentCodeFor(activationId: string): string {
  return `ACT-${activationId}`;
}
