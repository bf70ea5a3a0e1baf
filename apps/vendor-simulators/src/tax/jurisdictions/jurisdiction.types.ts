/** The charges the engine knows, as (transaction type, service type) pairs in the AFC manner. */
export const TRANSACTION_TYPES = ['cellular', 'prepaidWireless'] as const;
export type TransactionType = (typeof TRANSACTION_TYPES)[number];

export const SERVICE_TYPES = ['activation', 'access', 'usage', 'recharge'] as const;
export type ServiceType = (typeof SERVICE_TYPES)[number];

/** Which pairs exist: a prepaid recharge is not a cellular access charge. */
export const SERVICE_PAIRS: Record<TransactionType, readonly ServiceType[]> = {
  cellular: ['activation', 'access', 'usage'],
  prepaidWireless: ['recharge'],
};

export type ChargeKey = `${TransactionType}/${ServiceType}`;

export const JURISDICTION_LEVELS = ['federal', 'state', 'county', 'city', 'district'] as const;
export type JurisdictionLevel = (typeof JURISDICTION_LEVELS)[number];

export type TaxKind = 'tax' | 'regulatoryFee';

/**
 * `rate`: a share of the charge (`taxableShareMicros` of it is taxable, e.g. the interstate part
 * the federal USF is assessed on). `perLine`: a fixed amount per line (most 911 fees).
 */
export type TaxBasis =
  | { type: 'rate'; rateMicros: number; taxableShareMicros?: number }
  | { type: 'perLine'; amountMinor: number };

export interface TaxRule {
  level: JurisdictionLevel;
  jurisdictionName: string;
  name: string;
  kind: TaxKind;
  basis: TaxBasis;
  appliesTo: readonly ChargeKey[];
}

export interface Jurisdiction {
  /** The engine's own code (what AFC calls a PCode, SureTax a GeoCode). */
  code: string;
  name: string;
  country: 'US';
  state: string;
  postalCodes: readonly string[];
  /** Empty for a place the engine resolves but has no tax configuration for. */
  rules: readonly TaxRule[];
}
