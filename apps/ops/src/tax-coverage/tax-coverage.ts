import type { OwnershipMatrix } from '@handoff/ownership';
import { TAX_INTEGRATION_POINT, type TaxJurisdictionConfiguration } from '@handoff/tax-engine';
import type { SalesPlace } from './sales-footprint';

/**
 * `covered`: the engine has tax rules for the place. `untaxed`: it resolves the place but has no
 * rules, so every charge there is taxed zero without an error. `unknown`: it has no such
 * jurisdiction, so a quote naming it fails.
 */
export type PlaceCoverageStatus = 'covered' | 'untaxed' | 'unknown';

export interface PlaceCoverage extends SalesPlace {
  status: PlaceCoverageStatus;
  /** The engine's configuration of the place; absent when `unknown`. */
  engine?: { code: string; name: string; taxRuleCount: number };
}

/** Who must close a gap: the tax integration point's owning team and first escalation contact. */
export interface GapOwner {
  integrationPoint: string;
  team: string;
  teamName: string;
  channel?: string;
  accountable: { name: string; role: string };
  escalation: { who: string; contact: string };
}

export interface CoverageGap {
  jurisdiction: string;
  state: string;
  locality: string;
  status: Exclude<PlaceCoverageStatus, 'covered'>;
  owner: GapOwner;
}

export interface TaxCoverageReport {
  places: PlaceCoverage[];
  gaps: CoverageGap[];
}

/** Each place sold in against the engine's configuration, read at one moment. */
export function compareTaxCoverage(
  places: readonly SalesPlace[],
  engine: readonly TaxJurisdictionConfiguration[],
  ownership: OwnershipMatrix,
): TaxCoverageReport {
  const byCode = new Map(engine.map((j) => [j.code, j]));
  const covered = places.map((place) => coverageOf(place, byCode.get(place.jurisdiction)));
  const gaps = covered.filter((p) => p.status !== 'covered');
  if (gaps.length === 0) return { places: covered, gaps: [] };
  const owner = gapOwner(ownership);
  return {
    places: covered,
    gaps: gaps.map(({ jurisdiction, state, locality, status }) => ({
      jurisdiction,
      state,
      locality,
      status: status as CoverageGap['status'],
      owner,
    })),
  };
}

function coverageOf(
  place: SalesPlace,
  configured: TaxJurisdictionConfiguration | undefined,
): PlaceCoverage {
  if (!configured) return { ...place, status: 'unknown' };
  const { code, name, taxRuleCount } = configured;
  const status = taxRuleCount > 0 ? 'covered' : 'untaxed';
  return { ...place, status, engine: { code, name, taxRuleCount } };
}

function gapOwner(ownership: OwnershipMatrix): GapOwner {
  const owner = ownership.owner(TAX_INTEGRATION_POINT);
  // The matrix's validation guarantees at least one escalation step per point.
  const first = owner.escalation[0];
  return {
    integrationPoint: owner.integrationPoint,
    team: owner.team,
    teamName: owner.teamName,
    channel: ownership.team(owner.team)?.channel,
    accountable: { name: owner.accountable.name, role: owner.accountable.role },
    escalation: { who: first.who, contact: first.contact },
  };
}
