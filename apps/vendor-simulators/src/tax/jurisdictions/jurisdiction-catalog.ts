import { Injectable } from '@nestjs/common';
import { COVERAGE_FIXES, JURISDICTIONS } from './jurisdiction-data';
import type { Jurisdiction } from './jurisdiction.types';

export interface ServiceAddress {
  street?: string;
  city?: string;
  state: string;
  postalCode: string;
  country: string;
}

/** A jurisdiction as configured now; `revision` changes whenever its configuration does. */
export interface ConfiguredJurisdiction extends Jurisdiction {
  revision: number;
}

/**
 * The engine's jurisdictions and their tax configuration, which the admin API may change at run
 * time (coverage added for a place the engine answered zero for), as a tax team does in a real one.
 */
@Injectable()
export class JurisdictionCatalog {
  private readonly byCode = new Map<string, ConfiguredJurisdiction>();

  constructor() {
    this.restore();
  }

  /** Every jurisdiction as configured now, by code. */
  all(): ConfiguredJurisdiction[] {
    return [...this.byCode.values()].sort((a, b) => a.code.localeCompare(b.code));
  }

  byJurisdictionCode(code: string): ConfiguredJurisdiction | undefined {
    return this.byCode.get(code);
  }

  /**
   * The place an address is taxed in, by its ZIP code (the first five digits); the state must agree,
   * so a typo in either does not silently tax someone else's jurisdiction.
   */
  resolveAddress(address: ServiceAddress): ConfiguredJurisdiction | undefined {
    if (address.country.toUpperCase() !== 'US') return undefined;
    const zip = address.postalCode.trim().slice(0, 5);
    const state = address.state.trim().toUpperCase();
    return [...this.byCode.values()].find((j) => j.state === state && j.postalCodes.includes(zip));
  }

  /** Loads the tax configuration of a place the engine did not cover; undefined if none is known. */
  cover(code: string): ConfiguredJurisdiction | undefined {
    const current = this.byCode.get(code);
    const rules = COVERAGE_FIXES[code];
    if (!current || !rules) return undefined;
    return this.configure(current, rules);
  }

  /** Back to the configuration the engine started with (a covered place stays covered). */
  uncover(code: string): ConfiguredJurisdiction | undefined {
    const current = this.byCode.get(code);
    const initial = JURISDICTIONS.find((j) => j.code === code);
    if (!current || !initial) return undefined;
    return this.configure(current, initial.rules);
  }

  restore(): void {
    this.byCode.clear();
    for (const j of JURISDICTIONS) this.byCode.set(j.code, { ...j, revision: 1 });
  }

  private configure(current: ConfiguredJurisdiction, rules: Jurisdiction['rules']) {
    const changed = current.rules !== rules;
    const next = { ...current, rules, revision: current.revision + (changed ? 1 : 0) };
    this.byCode.set(current.code, next);
    return next;
  }
}
