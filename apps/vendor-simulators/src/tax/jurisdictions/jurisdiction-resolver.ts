import { JURISDICTIONS } from './jurisdiction-data';
import type { Jurisdiction } from './jurisdiction.types';

export interface ServiceAddress {
  street?: string;
  city?: string;
  state: string;
  postalCode: string;
  country: string;
}

const byCode = new Map(JURISDICTIONS.map((j) => [j.code, j]));

export function jurisdictionByCode(code: string): Jurisdiction | undefined {
  return byCode.get(code);
}

/**
 * The place an address is taxed in, by its ZIP code (the first five digits); the state must agree,
 * so a typo in either does not silently tax someone else's jurisdiction.
 */
export function resolveAddress(address: ServiceAddress): Jurisdiction | undefined {
  if (address.country.toUpperCase() !== 'US') return undefined;
  const zip = address.postalCode.trim().slice(0, 5);
  const state = address.state.trim().toUpperCase();
  return JURISDICTIONS.find((j) => j.state === state && j.postalCodes.includes(zip));
}
