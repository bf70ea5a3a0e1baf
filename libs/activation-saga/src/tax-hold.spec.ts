import type { TaxDocument } from '@handoff/tax-engine';
import { validRedrive } from './redrive/redrive-request';
import { TAX_HOLD_REASON, TaxHoldPolicy } from './tax-hold';

const quote = (overrides: Partial<TaxDocument>): TaxDocument => ({
  documentCode: 'ACT-act-1',
  state: 'quoted',
  transactionDate: '2026-12-02',
  currency: 'USD',
  jurisdiction: { code: 'US-GU-HAGATNA', name: 'Hagåtña, Guam' },
  coverage: 'untaxed',
  chargesTotalMinor: 6_500,
  taxTotalMinor: 0,
  lines: [],
  adjustments: [],
  netTaxMinor: 0,
  ...overrides,
});

describe('which tax quotes hold an activation', () => {
  const policy = new TaxHoldPolicy(['US-OR-PORTLAND']);

  it('holds charges taxed nothing at all in a place not listed as tax-free', () => {
    expect(policy.shouldHold(quote({}))).toBe(true);
  });

  it('lets an untaxed quote through where the tax team says zero is right', () => {
    const portland = { code: 'US-OR-PORTLAND', name: 'Portland, Oregon' };
    expect(policy.shouldHold(quote({ jurisdiction: portland }))).toBe(false);
  });

  it('lets a taxed quote through even when its lines round to zero', () => {
    expect(policy.shouldHold(quote({ coverage: 'taxed', chargesTotalMinor: 1 }))).toBe(false);
  });

  it('never holds charges that sum to nothing', () => {
    expect(policy.shouldHold(quote({ chargesTotalMinor: 0 }))).toBe(false);
  });
});

describe('a redrive request', () => {
  const operator = { operatorId: 'olga' };

  it('needs a reason', () => {
    expect(() => validRedrive({ reason: '  ', operator })).toThrow('a reason is required');
  });

  it('re-drives only holds an operator fixes', () => {
    expect(() => validRedrive({ reason: 'x', operator, reasonCode: 'MNO.BREAKER_OPEN' })).toThrow(
      `known: ${TAX_HOLD_REASON}`,
    );
    expect(validRedrive({ reason: 'x', operator }).reasonCodes).toEqual([TAX_HOLD_REASON]);
  });

  it('names each activation once and refuses a limit below one', () => {
    const ids = validRedrive({ reason: 'x', operator, activationIds: ['a', 'a', ''] });
    expect(ids.activationIds).toEqual(['a']);
    expect(() => validRedrive({ reason: 'x', operator, limit: 0 })).toThrow('limit');
  });
});
