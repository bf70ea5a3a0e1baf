import {
  BusinessRejection,
  DeferredError,
  PermanentError,
  RetryableError,
} from '@handoff/resilience';
import type { TaxEngineSettings } from './tax-engine.config';
import { TaxEngineAxiosAdapter } from './tax-engine.axios-adapter';
import { TaxBreakerOpenError } from './tax-engine.errors';
import { taxDocumentCodeFor, type TaxQuoteRequest } from './tax-engine.port';
import { ScriptedTaxServer } from './testing/scripted-tax-engine.server';

const quoteRequest: TaxQuoteRequest = {
  documentCode: taxDocumentCodeFor('act-1'),
  transactionDate: '2025-03-01',
  currency: 'USD',
  location: { serviceAddress: { state: 'WA', postalCode: '98101' } },
  charges: [
    { ref: 'fee', type: 'activationFee', amountMinor: 2500 },
    { ref: 'plan', type: 'monthlyPlan', amountMinor: 4000 },
  ],
};

const atTaxEdge = { stage: 'vendor-call', integrationPoint: 'handoff-to-tax-engine' };

const BREAKER: TaxEngineSettings['breaker'] = {
  errorThresholdPercentage: 50,
  resetTimeoutMs: 200,
  rollingCountTimeoutMs: 10_000,
  volumeThreshold: 10,
};

async function until(condition: () => boolean, timeoutMs = 2_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe('TaxEngineAxiosAdapter', () => {
  let engine: ScriptedTaxServer;
  let adapter: TaxEngineAxiosAdapter;
  let baseUrl: string;

  const connect = (overrides: Partial<TaxEngineSettings> = {}) => {
    adapter?.close();
    adapter = new TaxEngineAxiosAdapter({
      baseUrl,
      callTimeoutMs: 300,
      retry: { attempts: 3, baseMs: 5, capMs: 20, deadlineMs: 3_000 },
      breaker: BREAKER,
      ...overrides,
    });
    return adapter;
  };

  beforeEach(async () => {
    engine = new ScriptedTaxServer();
    baseUrl = await engine.start();
    connect();
  });

  afterEach(async () => {
    adapter.close();
    await engine.close();
  });

  it('sends our charges as transaction/service pairs in minor units and maps the tax lines back', async () => {
    const document = await adapter.quote(quoteRequest);

    expect(engine.requests[0].body).toEqual({
      documentCode: 'ACT-act-1',
      transactionDate: '2025-03-01',
      currency: 'USD',
      serviceAddress: { state: 'WA', postalCode: '98101', country: 'US' },
      lines: [
        {
          ref: 'fee',
          transactionType: 'cellular',
          serviceType: 'activation',
          amount: 2500,
          lines: 1,
        },
        { ref: 'plan', transactionType: 'cellular', serviceType: 'access', amount: 4000, lines: 1 },
      ],
    });
    expect(document).toMatchObject({
      documentCode: 'ACT-act-1',
      state: 'quoted',
      coverage: 'taxed',
      jurisdiction: { code: 'US-WA-SEATTLE' },
      chargesTotalMinor: 6500,
      taxTotalMinor: 650,
      netTaxMinor: 650,
    });
    expect(document.lines[0]).toEqual({
      chargeRef: 'fee',
      level: 'state',
      jurisdictionName: 'Washington',
      name: 'State Sales Tax',
      kind: 'tax',
      rate: '0.100000',
      taxableAmountMinor: 2500,
      taxAmountMinor: 250,
    });
  });

  it('reports a document with no tax line as untaxed, with the jurisdiction the engine resolved', async () => {
    const zero = { documentCode: 'ACT-act-1', status: 'quoted', transactionDate: '2025-03-01' };
    engine.script('calculate', {
      status: 200,
      body: {
        ...zero,
        currency: 'USD',
        jurisdiction: { code: 'US-GU-HAGATNA', name: 'Guam' },
        lines: [
          { ref: 'fee', amount: 2500, taxes: [], taxAmount: 0 },
          { ref: 'plan', amount: 4000, taxes: [], taxAmount: 0 },
        ],
        totals: { amount: 6500, taxAmount: 0 },
        adjustments: [],
      },
    });

    await expect(adapter.quote(quoteRequest)).resolves.toMatchObject({
      coverage: 'untaxed',
      jurisdiction: { code: 'US-GU-HAGATNA' },
      taxTotalMinor: 0,
      lines: [],
    });
  });

  it('finds the document committed behind a timeout instead of committing it again', async () => {
    await adapter.quote(quoteRequest);
    engine.script('commit', { slowSuccessMs: 1_000 });

    const document = await adapter.commit('ACT-act-1');

    expect(document.state).toBe('committed');
    expect(engine.count('commit')).toBe(1);
    expect(engine.count('getDocument')).toBe(1);
  });

  it('commits after a 503 once the document shows it was not committed', async () => {
    await adapter.quote(quoteRequest);
    engine.script('commit', { status: 503 });

    await expect(adapter.commit('ACT-act-1')).resolves.toMatchObject({ state: 'committed' });
    expect(engine.requests.map((r) => r.route)).toEqual([
      'calculate',
      'commit',
      'getDocument',
      'commit',
    ]);
  });

  it('voids and adjusts once per code, settling a lost answer by reading the document', async () => {
    await adapter.quote(quoteRequest);
    await adapter.commit('ACT-act-1');
    engine.script('adjust', { slowSuccessMs: 1_000 });
    const refund = {
      adjustmentCode: 'ACT-act-1-refund',
      reason: 'refund',
      charges: [{ ref: 'plan', type: 'monthlyPlan' as const, amountMinor: -4000 }],
    };

    const adjusted = await adapter.adjust('ACT-act-1', refund);
    expect(adjusted.adjustments).toHaveLength(1);
    expect(adjusted.netTaxMinor).toBe(650 - 400);
    expect(engine.count('adjust')).toBe(1);

    engine.script('void', { status: 500 });
    await expect(adapter.voidDocument('ACT-act-1', 'cancelled')).resolves.toMatchObject({
      state: 'voided',
    });
    expect(engine.count('void')).toBe(2);
  });

  it('answers undefined for an unknown document code, and a permanent TAX.DOCUMENT_NOT_FOUND to commit it', async () => {
    await expect(adapter.findDocument('ACT-none')).resolves.toBeUndefined();
    const error = await adapter.commit('ACT-none').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PermanentError);
    expect(error).toMatchObject({ code: 'TAX.DOCUMENT_NOT_FOUND', ...atTaxEdge });
  });

  it("reads the engine's jurisdiction configuration, a place without rules included", async () => {
    engine.script('jurisdictions', { status: 503 });

    await expect(adapter.listJurisdictions()).resolves.toEqual([
      { code: 'US-WA-SEATTLE', name: 'Seattle', state: 'WA', taxRuleCount: 8 },
      { code: 'US-GU-HAGATNA', name: 'Hagåtña', state: 'GU', taxRuleCount: 0 },
    ]);
    expect(engine.count('jurisdictions')).toBe(2);
  });

  it('reports an engine without the jurisdictions API as a bad request, not a missing document', async () => {
    engine.script('jurisdictions', { status: 404, body: { error: { code: 'NOT_FOUND' } } });

    const error = await adapter.listJurisdictions().catch((e: unknown) => e);

    expect(error).toBeInstanceOf(PermanentError);
    expect(error).toMatchObject({ code: 'TAX.BAD_REQUEST', ...atTaxEdge });
  });

  it('rejects an address in no jurisdiction as a business rejection, not a failure', async () => {
    engine.script('geocode', { status: 422, body: { error: { code: 'JURISDICTION_NOT_FOUND' } } });

    const error = await adapter
      .resolveJurisdiction({ state: 'WA', postalCode: '00000' })
      .catch((e: unknown) => e);

    expect(error).toBeInstanceOf(BusinessRejection);
    expect(error).toMatchObject({
      code: 'TAX.ADDRESS_UNRESOLVED',
      reason: 'TAX_JURISDICTION_NOT_FOUND',
    });
    expect(engine.count('geocode')).toBe(1);
  });

  it.each([
    ['DOCUMENT_LOCKED', 'TAX.DOCUMENT_LOCKED'],
    ['DOCUMENT_VOIDED', 'TAX.DOCUMENT_VOIDED'],
    ['SOMETHING_ELSE', 'TAX.BAD_REQUEST'],
  ])('classifies a 409 %s as a permanent %s, without retrying', async (vendorCode, code) => {
    engine.script('calculate', { status: 409, body: { error: { code: vendorCode } } });

    const error = await adapter.quote(quoteRequest).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(PermanentError);
    expect(error).toMatchObject({ code, ...atTaxEdge });
    expect(engine.count('calculate')).toBe(1);
  });

  it.each([
    ['invalid JSON', { status: 200, raw: '{"documentCode": "ACT-act-1", ' }],
    ['a missing status', { status: 200, body: { documentCode: 'ACT-act-1' } }],
    [
      'totals that are not the sum of the lines',
      {
        status: 200,
        body: {
          documentCode: 'ACT-act-1',
          status: 'quoted',
          transactionDate: '2025-03-01',
          currency: 'USD',
          jurisdiction: { code: 'US-WA-SEATTLE', name: 'Seattle' },
          lines: [
            { ref: 'fee', amount: 2500, taxes: [], taxAmount: 0 },
            { ref: 'plan', amount: 4000, taxes: [], taxAmount: 0 },
          ],
          totals: { amount: 6500, taxAmount: 1 },
          adjustments: [],
        },
      },
    ],
  ])('treats %s as a permanent TAX.MALFORMED_RESPONSE, not retried', async (_, reply) => {
    connect({ breaker: { ...BREAKER, volumeThreshold: 1 } });
    engine.script('calculate', reply);

    const error = await adapter.quote(quoteRequest).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(PermanentError);
    expect(error).toMatchObject({ code: 'TAX.MALFORMED_RESPONSE', ...atTaxEdge });
    expect(engine.count('calculate')).toBe(1);
    expect(adapter.health.breakerOpen()).toBe(false);
  });

  it('opens the commit breaker after repeated 5xx, holds calls, then recovers through a half-open call', async () => {
    connect({
      retry: { attempts: 1, baseMs: 5, capMs: 20, deadlineMs: 3_000 },
      breaker: { ...BREAKER, volumeThreshold: 2 },
    });
    await adapter.quote(quoteRequest);
    engine.script('commit', { status: 500 }, { status: 503 });

    await expect(adapter.commit('ACT-act-1')).rejects.toMatchObject({ code: 'TAX.UNAVAILABLE' });
    await expect(adapter.commit('ACT-act-1')).rejects.toBeInstanceOf(RetryableError);
    const held = await adapter.commit('ACT-act-1').catch((e: unknown) => e);

    expect(held).toBeInstanceOf(TaxBreakerOpenError);
    expect(held).toBeInstanceOf(DeferredError);
    expect(held).toMatchObject({ code: 'TAX.BREAKER_OPEN', retryAfterMs: 200, ...atTaxEdge });
    expect(engine.count('commit')).toBe(2);
    await expect(adapter.findDocument('ACT-act-1')).resolves.toMatchObject({ state: 'quoted' });

    await until(() => !adapter.health.breakerOpen());
    await expect(adapter.commit('ACT-act-1')).resolves.toMatchObject({ state: 'committed' });
  });

  it('aborts every call that outlives its timeout and reports TAX.TIMEOUT', async () => {
    connect({
      callTimeoutMs: 100,
      retry: { attempts: 2, baseMs: 5, capMs: 20, deadlineMs: 3_000 },
    });
    engine.script('getDocument', { hang: true }, { hang: true });
    const started = Date.now();

    const error = await adapter.findDocument('ACT-act-1').catch((e: unknown) => e);

    expect(error).toBeInstanceOf(RetryableError);
    expect(error).toMatchObject({ code: 'TAX.TIMEOUT', ...atTaxEdge });
    expect(Date.now() - started).toBeLessThan(1_000);
    await until(() => engine.abortedRequests === 2);
  });

  it('defers a call its caller aborted, and a throttled one, without counting them against the engine', async () => {
    connect({ breaker: { ...BREAKER, volumeThreshold: 1 } });
    engine.script('getDocument', { hang: true });
    const caller = new AbortController();
    const pending = adapter.findDocument('ACT-act-1', caller.signal).catch((e: unknown) => e);
    await until(() => engine.count('getDocument') === 1);
    caller.abort();
    await expect(pending).resolves.toMatchObject({ code: 'TAX.CALL_CANCELLED' });

    engine.script('calculate', { status: 429 });
    const throttled = await adapter.quote(quoteRequest).catch((e: unknown) => e);
    expect(throttled).toBeInstanceOf(DeferredError);
    expect(throttled).toMatchObject({ code: 'TAX.THROTTLED' });
    expect(adapter.health.breakerOpen()).toBe(false);
  });

  it('reports a refused connection as a retryable TAX.UNREACHABLE', async () => {
    await engine.close();
    connect({ retry: { attempts: 2, baseMs: 5, capMs: 20, deadlineMs: 1_000 } });

    const error = await adapter.findDocument('ACT-act-1').catch((e: unknown) => e);

    expect(error).toBeInstanceOf(RetryableError);
    expect(error).toMatchObject({ code: 'TAX.UNREACHABLE', ...atTaxEdge });
    engine = new ScriptedTaxServer();
    await engine.start();
  });
});
