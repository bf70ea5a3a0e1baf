import fc from 'fast-check';
import { JURISDICTIONS } from '../jurisdictions/jurisdiction-data';
import { JurisdictionCatalog } from '../jurisdictions/jurisdiction-catalog';
import {
  SERVICE_PAIRS,
  type ServiceType,
  type TransactionType,
} from '../jurisdictions/jurisdiction.types';
import { type ChargeLine, taxLines, totalsOf } from './tax-calculator';
import { applyRate, rateText } from './tax-math';

const catalog = new JurisdictionCatalog();
const seattle = catalog.byJurisdictionCode('US-WA-SEATTLE')!;
const charge = (
  serviceType: ServiceType,
  amount: number,
  extra: Partial<ChargeLine> = {},
): ChargeLine => ({
  ref: serviceType,
  transactionType: serviceType === 'recharge' ? 'prepaidWireless' : 'cellular',
  serviceType,
  amount,
  lines: 1,
  ...extra,
});

describe('applyRate', () => {
  it('rounds half away from zero, so a refund mirrors its charge', () => {
    expect(applyRate(50, 10_000)).toBe(1); // 0.5 → 1
    expect(applyRate(49, 10_000)).toBe(0);
    expect(applyRate(-50, 10_000)).toBe(-1);
    expect(applyRate(2500, 65_000)).toBe(163); // 162.5 → 163
  });

  it('stays exact where a float product would not be', () => {
    expect(applyRate(999_999_999_999, 999_999)).toBe(999_998_999_999);
    expect(rateText(65_000)).toBe('0.065000');
    expect(rateText(1_250_000)).toBe('1.250000');
  });
});

describe('taxLines', () => {
  it('lists each jurisdiction level with its rate, taxable amount and tax, USF and 911 included', () => {
    const [plan] = taxLines(seattle, [charge('access', 4000, { lines: 2 })]);
    expect(plan.taxes.map((t) => [t.level, t.name, t.rate, t.taxableAmount, t.taxAmount])).toEqual([
      ['federal', 'Federal Universal Service Fund', '0.344000', 1484, 510],
      ['state', 'State Sales Tax', '0.065000', 4000, 260],
      ['county', 'County Sales Tax', '0.009000', 4000, 36],
      ['city', 'City Sales Tax', '0.022500', 4000, 90],
      ['district', 'Regional Transit Authority Tax', '0.014000', 4000, 56],
      ['state', 'State 911 Excise Tax', null, 4000, 50],
      ['county', 'County 911 Excise Tax', null, 4000, 140],
    ]);
    expect(plan.taxAmount).toBe(1142);
  });

  it('applies only the rules of the charge: a prepaid recharge pays no USF but the prepaid 911 fee', () => {
    const [recharge] = taxLines(seattle, [charge('recharge', 1000)]);
    const names = recharge.taxes.map((t) => t.name);
    expect(names).toContain('Prepaid Wireless 911 Fee');
    expect(names).not.toContain('Federal Universal Service Fund');
  });

  it('answers zero tax and no lines for a jurisdiction the engine does not cover', () => {
    const guam = catalog.byJurisdictionCode('US-GU-HAGATNA')!;
    const lines = taxLines(guam, [charge('activation', 2500), charge('access', 4000)]);
    expect(lines.every((l) => l.taxes.length === 0 && l.taxAmount === 0)).toBe(true);
    expect(totalsOf(lines)).toEqual({ amount: 6500, taxAmount: 0 });
  });

  it('taxes the uncovered place once its coverage is loaded, and forgets it when uncovered', () => {
    const fixing = new JurisdictionCatalog();
    const covered = fixing.cover('US-GU-HAGATNA')!;
    expect(covered.revision).toBe(2);
    expect(totalsOf(taxLines(covered, [charge('access', 4000)])).taxAmount).toBeGreaterThan(0);
    expect(fixing.cover('US-GU-HAGATNA')!.revision).toBe(2);
    expect(fixing.uncover('US-GU-HAGATNA')!.rules).toEqual([]);
    expect(fixing.cover('US-WA-SEATTLE')).toBeUndefined();
  });
});

const pairs = Object.entries(SERVICE_PAIRS).flatMap(([transactionType, services]) =>
  services.map((serviceType) => ({
    transactionType: transactionType as TransactionType,
    serviceType,
  })),
);

const chargeLines = fc
  .array(
    fc.record({
      pair: fc.constantFrom(...pairs),
      amount: fc.integer({ min: -10_000_000_00, max: 10_000_000_00 }),
      lines: fc.integer({ min: 1, max: 50 }),
    }),
    { minLength: 1, maxLength: 8 },
  )
  .map((drawn) =>
    drawn.map(({ pair, amount, lines }, i): ChargeLine => ({
      ref: `l${i}`,
      ...pair,
      amount,
      lines,
    })),
  );

describe('tax lines and totals (property)', () => {
  it('rounds every line on its own to whole minor units and sums them to the totals exactly', () => {
    fc.assert(
      fc.property(fc.constantFrom(...JURISDICTIONS), chargeLines, (jurisdiction, charges) => {
        const taxed = taxLines(jurisdiction, charges);
        const totals = totalsOf(taxed);
        let documentTax = 0;
        for (const line of taxed) {
          const lineTax = line.taxes.reduce((t, tax) => t + tax.taxAmount, 0);
          expect(line.taxAmount).toBe(lineTax);
          documentTax += lineTax;
          for (const tax of line.taxes) {
            expect(Number.isSafeInteger(tax.taxAmount)).toBe(true);
            expect(Number.isSafeInteger(tax.taxableAmount)).toBe(true);
            if (tax.rate === null) continue;
            // Within half a cent of the exact product: rounded once, per jurisdiction line.
            const exact = tax.taxableAmount * Number(tax.rate);
            expect(Math.abs(tax.taxAmount - exact)).toBeLessThanOrEqual(
              0.5 + 1e-6 * Math.abs(exact),
            );
          }
        }
        expect(totals.taxAmount).toBe(documentTax);
        expect(totals.amount).toBe(charges.reduce((t, c) => t + c.amount, 0));
      }),
      { numRuns: 2_000 },
    );
  });

  it('taxes a refund as the exact mirror of its charge, so charge plus refund nets to zero', () => {
    fc.assert(
      fc.property(fc.constantFrom(...JURISDICTIONS), chargeLines, (jurisdiction, charges) => {
        const refunds = charges.map((c) => ({ ...c, amount: -c.amount }));
        const charged = totalsOf(taxLines(jurisdiction, charges)).taxAmount;
        const refunded = totalsOf(taxLines(jurisdiction, refunds)).taxAmount;
        const perLineOnZero = charges.some((c) => c.amount === 0);
        if (!perLineOnZero) expect(charged + refunded).toBe(0);
      }),
      { numRuns: 1_000 },
    );
  });
});
