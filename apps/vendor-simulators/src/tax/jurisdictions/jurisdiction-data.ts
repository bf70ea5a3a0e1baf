import type { ChargeKey, Jurisdiction, JurisdictionLevel, TaxRule } from './jurisdiction.types';

/*
 * Illustrative rates in the shape of real US communications taxes (a few states and localities),
 * not a tax table anyone should file with. Rates are in millionths: 65_000 is 6.5 %.
 */

const POSTPAID: readonly ChargeKey[] = ['cellular/activation', 'cellular/access', 'cellular/usage'];
const MONTHLY: readonly ChargeKey[] = ['cellular/access'];
const PREPAID: readonly ChargeKey[] = ['prepaidWireless/recharge'];
const ALL: readonly ChargeKey[] = [...POSTPAID, ...PREPAID];

function rate(
  level: JurisdictionLevel,
  jurisdictionName: string,
  name: string,
  rateMicros: number,
  appliesTo: readonly ChargeKey[] = ALL,
): TaxRule {
  return {
    level,
    jurisdictionName,
    name,
    kind: 'tax',
    basis: { type: 'rate', rateMicros },
    appliesTo,
  };
}

function perLineFee(
  level: JurisdictionLevel,
  jurisdictionName: string,
  name: string,
  amountMinor: number,
): TaxRule {
  const basis = { type: 'perLine' as const, amountMinor };
  return { level, jurisdictionName, name, kind: 'regulatoryFee', basis, appliesTo: MONTHLY };
}

function prepaidFee(level: JurisdictionLevel, jurisdictionName: string, rateMicros: number) {
  const name = 'Prepaid Wireless 911 Fee';
  const basis = { type: 'rate' as const, rateMicros };
  return {
    level,
    jurisdictionName,
    name,
    kind: 'regulatoryFee' as const,
    basis,
    appliesTo: PREPAID,
  };
}

/** Every covered US place pays these: USF on the interstate share (the wireless safe harbor). */
const FEDERAL: readonly TaxRule[] = [
  {
    level: 'federal',
    jurisdictionName: 'United States',
    name: 'Federal Universal Service Fund',
    kind: 'regulatoryFee',
    basis: { type: 'rate', rateMicros: 344_000, taxableShareMicros: 371_000 },
    appliesTo: POSTPAID,
  },
];

export const JURISDICTIONS: readonly Jurisdiction[] = [
  {
    code: 'US-WA-SEATTLE',
    name: 'Seattle, King County, Washington',
    country: 'US',
    state: 'WA',
    postalCodes: ['98101', '98104', '98109', '98122'],
    rules: [
      ...FEDERAL,
      rate('state', 'Washington', 'State Sales Tax', 65_000),
      rate('county', 'King County', 'County Sales Tax', 9_000),
      rate('city', 'Seattle', 'City Sales Tax', 22_500),
      rate('district', 'Sound Transit (RTA)', 'Regional Transit Authority Tax', 14_000),
      perLineFee('state', 'Washington', 'State 911 Excise Tax', 25),
      perLineFee('county', 'King County', 'County 911 Excise Tax', 70),
      prepaidFee('state', 'Washington', 24_000),
    ],
  },
  {
    code: 'US-NY-NEWYORKCITY',
    name: 'New York City, New York',
    country: 'US',
    state: 'NY',
    postalCodes: ['10001', '10013', '10036', '11201'],
    rules: [
      ...FEDERAL,
      rate('state', 'New York', 'State Sales Tax', 40_000),
      rate('city', 'New York City', 'City Sales Tax', 45_000),
      rate('district', 'Metropolitan Commuter Transportation District', 'MCTD Surcharge', 3_750),
      perLineFee('state', 'New York', 'State Public Safety Communications Surcharge', 120),
      perLineFee('city', 'New York City', 'City 911 Surcharge', 30),
      prepaidFee('state', 'New York', 9_000),
    ],
  },
  {
    code: 'US-TX-AUSTIN',
    name: 'Austin, Travis County, Texas',
    country: 'US',
    state: 'TX',
    postalCodes: ['78701', '78702', '78704'],
    rules: [
      ...FEDERAL,
      rate('state', 'Texas', 'State Sales Tax', 62_500),
      rate('state', 'Texas', 'Texas Universal Service Fund', 33_000, POSTPAID),
      rate('city', 'Austin', 'City Sales Tax', 10_000),
      rate('district', 'Capital Metro Transit Authority', 'Transit Sales Tax', 10_000),
      perLineFee('state', 'Texas', 'State 911 Emergency Service Fee', 50),
      prepaidFee('state', 'Texas', 20_000),
    ],
  },
  {
    code: 'US-IL-CHICAGO',
    name: 'Chicago, Cook County, Illinois',
    country: 'US',
    state: 'IL',
    postalCodes: ['60601', '60606', '60614'],
    rules: [
      ...FEDERAL,
      rate('state', 'Illinois', 'Telecommunications Excise Tax', 70_000),
      rate('city', 'Chicago', 'Municipal Telecommunications Tax', 70_000),
      perLineFee('state', 'Illinois', 'State 911 Surcharge', 150),
      perLineFee('city', 'Chicago', 'City 911 Surcharge', 500),
      prepaidFee('city', 'Chicago', 90_000),
    ],
  },
  {
    code: 'US-CO-DENVER',
    name: 'Denver, Colorado',
    country: 'US',
    state: 'CO',
    postalCodes: ['80202', '80205'],
    rules: [
      ...FEDERAL,
      rate('state', 'Colorado', 'State Sales Tax', 29_000),
      rate('city', 'Denver', 'City Sales Tax', 48_150),
      rate('district', 'Regional Transportation District', 'RTD Sales Tax', 10_000),
      perLineFee('city', 'Denver', 'Emergency Telephone Charge', 120),
      prepaidFee('state', 'Colorado', 14_000),
    ],
  },
  {
    // The address every sample, the gateway's examples and the demo use (added with the saga's money).
    code: 'US-CA-SANFRANCISCO',
    name: 'San Francisco, California',
    country: 'US',
    state: 'CA',
    postalCodes: ['94103', '94105', '94107', '94110'],
    rules: [
      ...FEDERAL,
      rate('state', 'California', 'State Sales Tax', 72_500),
      rate('county', 'San Francisco County', 'County Sales Tax', 12_500),
      rate('city', 'San Francisco', 'Access Line Tax', 75_000, MONTHLY),
      perLineFee('state', 'California', 'State 911 Surcharge', 30),
      prepaidFee('state', 'California', 10_000),
    ],
  },
  {
    // Resolves, but the engine has no tax configuration for it: zero tax and no error, as real
    // engines answer for an unconfigured jurisdiction. The caller has to notice.
    code: 'US-GU-HAGATNA',
    name: 'Hagåtña, Guam',
    country: 'US',
    state: 'GU',
    postalCodes: ['96910', '96932'],
    rules: [],
  },
];

/**
 * What the tax team loads for a place the engine did not cover, when a test or the demo "fixes the
 * tax configuration" (`PUT /admin/coverage/{code}`): the federal fees and a territorial tax.
 */
export const COVERAGE_FIXES: Readonly<Record<string, readonly TaxRule[]>> = {
  'US-GU-HAGATNA': [
    ...FEDERAL,
    rate('state', 'Guam', 'Business Privilege Tax', 50_000),
    perLineFee('state', 'Guam', 'Guam 911 Surcharge', 100),
  ],
};
