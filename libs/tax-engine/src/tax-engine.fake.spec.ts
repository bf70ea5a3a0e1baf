import { PermanentError, RetryableError } from '@handoff/resilience';
import { FakeTaxEngine } from './tax-engine.fake';
import type { TaxQuoteRequest } from './tax-engine.port';

const request: TaxQuoteRequest = {
  documentCode: 'ACT-a1',
  transactionDate: '2025-03-01',
  currency: 'USD',
  location: { jurisdictionCode: 'US-WA-98101' },
  charges: [{ ref: 'fee', type: 'activationFee', amountMinor: 2500 }],
};

describe('FakeTaxEngine', () => {
  it('keeps the real document rules: one document per code, committed once, then only voided', async () => {
    const tax = new FakeTaxEngine();
    await tax.quote(request);
    await tax.quote(request);
    await tax.commit('ACT-a1');
    await tax.commit('ACT-a1');
    await expect(tax.quote({ ...request, charges: [] })).rejects.toBeInstanceOf(PermanentError);
    await tax.voidDocument('ACT-a1');

    expect(tax.documents.size).toBe(1);
    expect(tax.effects.map((e) => e.effect)).toEqual(['committed', 'voided']);
  });

  it('taxes an uncovered jurisdiction nothing, without an error', async () => {
    const tax = new FakeTaxEngine({ uncovered: ['US-WA-98101'] });
    await expect(tax.quote(request)).resolves.toMatchObject({
      coverage: 'untaxed',
      taxTotalMinor: 0,
    });
  });

  it('fails the scripted calls only, doing nothing in them', async () => {
    const tax = new FakeTaxEngine().failNext(1, new RetryableError('TAX.TIMEOUT', 't'), ['commit']);
    await tax.quote(request);
    await expect(tax.commit('ACT-a1')).rejects.toMatchObject({ code: 'TAX.TIMEOUT' });
    await expect(tax.commit('ACT-a1')).resolves.toMatchObject({ state: 'committed' });
    expect(tax.effects).toHaveLength(1);
  });
});
