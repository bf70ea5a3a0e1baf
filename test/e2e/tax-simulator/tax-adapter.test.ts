import { BusinessRejection, PermanentError } from '@handoff/resilience';
import {
  type ServiceAddress,
  taxDocumentCodeFor,
  TaxEngineAxiosAdapter,
  type TaxQuoteRequest,
} from '@handoff/tax-engine';
import { randomUUID } from 'node:crypto';
import { guam, seattle, sum, type TaxTestClient, useTaxSimulator } from './tax-simulator.harness';

/** The adapter the saga will use, against the real simulator over HTTP. */
describe('tax engine adapter against the simulator', () => {
  let tax: TaxTestClient;
  let adapter: TaxEngineAxiosAdapter;
  useTaxSimulator((started) => {
    tax = started;
    adapter = new TaxEngineAxiosAdapter({
      baseUrl: `${started.url}/communications-tax/v1`,
      callTimeoutMs: 300,
      retry: { attempts: 3, baseMs: 5, capMs: 20, deadlineMs: 3_000 },
      breaker: {
        errorThresholdPercentage: 50,
        resetTimeoutMs: 1_000,
        rollingCountTimeoutMs: 10_000,
        volumeThreshold: 20,
      },
    });
  });
  afterAll(() => adapter.close());

  const quoteFor = (serviceAddress: ServiceAddress = seattle): TaxQuoteRequest => ({
    documentCode: taxDocumentCodeFor(randomUUID()),
    transactionDate: '2025-03-01',
    currency: 'USD',
    location: { serviceAddress },
    charges: [
      { ref: 'activation-fee', type: 'activationFee', amountMinor: 2500 },
      { ref: 'first-month', type: 'monthlyPlan', amountMinor: 4000 },
    ],
  });

  it('quotes, commits once through a lost answer, and the ledger shows one commit', async () => {
    const request = quoteFor();
    const quoted = await adapter.quote(request);
    expect(quoted).toMatchObject({ state: 'quoted', coverage: 'taxed', chargesTotalMinor: 6500 });
    expect(quoted.taxTotalMinor).toBe(sum(quoted.lines.map((line) => line.taxAmountMinor)));

    await tax.setFaults({ endpoint: 'commit', processThenTimeout: true });
    const committed = await adapter.commit(request.documentCode);
    await tax.call('DELETE', '/admin/faults');

    expect(committed.state).toBe('committed');
    expect(await tax.ledger(request.documentCode)).toEqual([
      expect.objectContaining({ effect: 'committed', taxAmount: quoted.taxTotalMinor }),
    ]);
    expect((await tax.stats()).calls.commit.total).toBe(1);
  });

  it('returns the same document for a repeated quote, even once committed', async () => {
    const request = quoteFor();
    const first = await adapter.quote(request);
    await adapter.commit(request.documentCode);

    const again = await adapter.quote(request);

    expect(again).toEqual({ ...first, state: 'committed' });
    await expect(
      adapter.quote({ ...request, charges: request.charges.slice(0, 1) }),
    ).rejects.toMatchObject({ code: 'TAX.DOCUMENT_LOCKED' });
  });

  it('tells the saga an uncovered place apart: untaxed, zero, and the jurisdiction code', async () => {
    const document = await adapter.quote(quoteFor(guam));

    expect(document).toMatchObject({
      coverage: 'untaxed',
      taxTotalMinor: 0,
      jurisdiction: { code: 'US-GU-HAGATNA' },
      lines: [],
    });
  });

  it('rejects an address in no jurisdiction as a business rejection at resolve and at quote', async () => {
    const nowhere = { state: 'WA', postalCode: '99999' };
    await expect(adapter.resolveJurisdiction(nowhere)).rejects.toBeInstanceOf(BusinessRejection);
    await expect(adapter.quote(quoteFor(nowhere))).rejects.toMatchObject({
      code: 'TAX.ADDRESS_UNRESOLVED',
    });
    await expect(adapter.resolveJurisdiction(seattle)).resolves.toEqual({
      code: 'US-WA-SEATTLE',
      name: 'Seattle, King County, Washington',
    });
  });

  it('voids a committed document once and refuses to commit it again', async () => {
    const request = quoteFor();
    await adapter.quote(request);
    await adapter.commit(request.documentCode);

    await adapter.voidDocument(request.documentCode, 'provisioning failed');
    await adapter.voidDocument(request.documentCode, 'provisioning failed');
    const error = await adapter.commit(request.documentCode).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(PermanentError);
    expect(error).toMatchObject({ code: 'TAX.DOCUMENT_VOIDED' });
    const ledger = await tax.ledger(request.documentCode);
    expect(ledger.map((entry) => entry.effect)).toEqual(['committed', 'voided']);
    expect(sum(ledger.map((entry) => entry.taxAmount))).toBe(0);
  });
});
