import { loadOwnershipMatrix } from '@handoff/ownership';
import { FakeTaxEngine } from '@handoff/tax-engine/testing';
import { loadSalesFootprint, parseSalesFootprint, type SalesPlace } from './sales-footprint';
import { compareTaxCoverage } from './tax-coverage';

const ownership = loadOwnershipMatrix();
const place = (jurisdiction: string, locality: string): SalesPlace => ({
  jurisdiction,
  state: jurisdiction.split('-')[1],
  locality,
});
const seattle = place('US-WA-SEATTLE', 'Seattle');
const guam = place('US-GU-HAGATNA', 'Hagåtña');
const boise = place('US-ID-BOISE', 'Boise');

describe('compareTaxCoverage', () => {
  const engine = new FakeTaxEngine({
    configured: [{ code: seattle.jurisdiction, name: 'Seattle', state: 'WA', taxRuleCount: 8 }],
    uncovered: [guam.jurisdiction],
  });

  it('finds a place with tax rules covered, and no gaps', async () => {
    const report = compareTaxCoverage([seattle], await engine.listJurisdictions(), ownership);

    expect(report.gaps).toEqual([]);
    expect(report.places).toEqual([
      {
        ...seattle,
        status: 'covered',
        engine: { code: 'US-WA-SEATTLE', name: 'Seattle', taxRuleCount: 8 },
      },
    ]);
  });

  it('names a place the engine resolves without rules, and one it does not know, as gaps', async () => {
    const report = compareTaxCoverage(
      [seattle, guam, boise],
      await engine.listJurisdictions(),
      ownership,
    );

    expect(report.places.map((p) => p.status)).toEqual(['covered', 'untaxed', 'unknown']);
    expect(report.gaps.map((g) => [g.jurisdiction, g.status])).toEqual([
      ['US-GU-HAGATNA', 'untaxed'],
      ['US-ID-BOISE', 'unknown'],
    ]);
  });

  it("gives each gap the tax integration point's team, accountable and first escalation step", async () => {
    const [gap] = compareTaxCoverage([guam], await engine.listJurisdictions(), ownership).gaps;

    expect(gap.owner).toEqual({
      integrationPoint: 'handoff-to-tax-engine',
      team: 'billing-ops',
      teamName: 'Billing Operations',
      channel: 'slack:#billing-ops',
      accountable: { name: 'Daniel Okafor', role: 'Tax and Revenue Assurance Lead' },
      escalation: { who: 'Billing Ops on-call', contact: 'pagerduty:billing-ops' },
    });
  });

  it('ignores jurisdictions the engine covers where the MVNO does not sell', () => {
    const extra = [{ code: 'US-TX-AUSTIN', name: 'Austin', state: 'TX', taxRuleCount: 7 }];

    expect(compareTaxCoverage([], extra, ownership)).toEqual({ places: [], gaps: [] });
  });
});

describe('the sales footprint', () => {
  it('of the repository sells in Guam, which the engine starts without rules for', () => {
    expect(loadSalesFootprint()).toContainEqual(guam);
  });

  it('refuses a place whose code names another state, a duplicate and an empty list', () => {
    const twice = { version: 1, places: [seattle, seattle] };
    expect(() => parseSalesFootprint(twice)).toThrow('places: names a jurisdiction twice');
    const wrongState = { version: 1, places: [{ ...seattle, state: 'OR' }] };
    expect(() => parseSalesFootprint(wrongState)).toThrow(
      'places.0: the jurisdiction code names another state',
    );
    expect(() => parseSalesFootprint({ version: 1, places: [] })).toThrow(
      'places: must name at least one place',
    );
  });

  it('refuses unknown fields, so a misspelt key fails loudly', () => {
    const misspelt = { version: 1, places: [{ ...seattle, localty: 'Seattle' }] };
    expect(() => parseSalesFootprint(misspelt)).toThrow(/places\.0: Unrecognized key/);
  });
});
