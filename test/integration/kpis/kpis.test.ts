import { recordLedger, type LedgerEntry } from '@handoff/audit';
import { kpiReport, parsePeriod, type KpiReport } from '@handoff/kpis';
import { insertActivation, type ScriptedActivation } from '../../support/scripted-activations';
import { migratedDatabase, type TestDatabase } from '../../support/test-infra';

/**
 * A scripted month: eight activations and one BSS top-up whose KPIs were worked out by hand (in
 * the comments), so each figure is checked against arithmetic, not against the code that made it.
 */
describe('the MVNO KPIs on a scripted data set (real PostgreSQL)', () => {
  let db: TestDatabase;
  let report: KpiReport;
  const at = (iso: string) => new Date(iso);

  type Row = ScriptedActivation;
  const activation = (r: Row) => insertActivation(db.dataSource, r);

  const vendorCall = (
    iso: string,
    operation: string,
    latencyMs: number,
    code?: string,
  ): LedgerEntry => ({
    occurredAt: at(iso),
    correlationId: `c-${iso}-${operation}`,
    kind: 'vendor-call',
    actor: 'handoff/orchestrator',
    integrationPoint: 'handoff-to-mno',
    ownerTeam: 'network-ops',
    summary: { operation, ...(code ? { errorCode: code } : {}) },
    outcome: code ? 'held' : 'acknowledged',
    latencyMs,
  });

  beforeAll(async () => {
    db = await migratedDatabase('kpis');
    const rows: Row[] = [
      // first bill 40 s after the request (its own capture); active after 30 s
      {
        id: 'a1',
        channel: 'dealer',
        dealer: 'd1',
        state: 'completed',
        requested: '2026-11-02T10:00:00Z',
        completedAfter: 30,
        capturedAfter: 40,
      },
      // free activation, billed by a top-up two days later (172800 s); active after 60 s
      {
        id: 'a2',
        channel: 'dealer',
        dealer: 'd1',
        state: 'completed',
        requested: '2026-11-03T10:00:00Z',
        completedAfter: 60,
      },
      // first bill 20 s; active after 10 s
      {
        id: 'a3',
        channel: 'bss',
        state: 'completed',
        requested: '2026-11-04T10:00:00Z',
        completedAfter: 10,
        capturedAfter: 20,
      },
      // active after 10 s, never billed: unbilled
      {
        id: 'a4',
        channel: 'bss',
        state: 'completed',
        requested: '2026-11-05T10:00:00Z',
        completedAfter: 10,
      },
      {
        id: 'a5',
        channel: 'dealer',
        dealer: 'd2',
        state: 'rejected',
        requested: '2026-11-06T10:00:00Z',
        reason: 'PAYMENT_DECLINED',
        owner: 'payments',
      },
      {
        id: 'a6',
        channel: 'dealer',
        dealer: 'd1',
        state: 'failed',
        requested: '2026-11-07T10:00:00Z',
        reason: 'ICCID_UNKNOWN',
        owner: 'network-ops',
      },
      {
        id: 'a7',
        channel: 'bss',
        state: 'held',
        requested: '2026-11-08T10:00:00Z',
        reason: 'TAX_JURISDICTION_UNRESOLVED',
        owner: 'billing-ops',
      },
      // October: outside the period, but unbilled all the same (the leak is not per period)
      {
        id: 'a8',
        channel: 'dealer',
        dealer: 'd1',
        state: 'completed',
        requested: '2026-10-31T10:00:00Z',
        completedAfter: 5,
      },
    ];
    for (const r of rows) await activation(r);
    await db.dataSource.query(
      `INSERT INTO payment_requests (payment_id, subscriber_id, purpose, charge_minor, currency,
         payment_method_token, idempotency_key, correlation_id, step, captured_at)
       VALUES ('p1', 'sub-a2', 'topUp', 1000, 'USD', 'tok', 'k1', 'c1', 'captured', $1),
              ('p2', 'sub-a2', 'topUp', 1000, 'USD', 'tok', 'k2', 'c2', 'captured', $2),
              ('p3', 'sub-a4', 'topUp', 1000, 'USD', 'tok', 'k3', 'c3', 'declined', NULL)`,
      [at('2026-11-05T10:00:00Z'), at('2026-11-20T10:00:00Z')],
    );
    await recordLedger(db.dataSource, [
      vendorCall('2026-11-02T10:00:01Z', 'createOrder', 100),
      vendorCall('2026-11-03T10:00:01Z', 'createOrder', 200),
      vendorCall('2026-11-04T10:00:01Z', 'createOrder', 300),
      vendorCall('2026-11-05T10:00:01Z', 'createOrder', 400),
      vendorCall('2026-11-06T10:00:01Z', 'createOrder', 1, 'MNO.BREAKER_OPEN'),
      vendorCall('2026-11-06T10:00:02Z', 'getOrder', 50),
      vendorCall('2026-12-01T10:00:01Z', 'createOrder', 9_000),
    ]);
    report = await kpiReport(db.dataSource, parsePeriod('2026-11')!, {
      unbilledAfterDays: 7,
      now: at('2026-12-03T00:00:00Z'),
    });
  });

  afterAll(async () => {
    await db.close();
  });

  it('measures activation-to-first-bill whichever flow charged first, by channel and dealer', () => {
    // all: [20, 40, 172800] → p50 40; p95 = 40 + 0.9 × (172800 − 40) = 155524
    expect(report.activationToFirstBill.all).toEqual({
      count: 3,
      p50Seconds: 40,
      p95Seconds: 155524,
    });
    expect(report.activationToFirstBill.byChannel).toEqual([
      // bss: a3 billed after 20 s, a4 never: 2 activated, 1 billed
      { channel: 'bss', dealerId: null, activated: 2, count: 1, p50Seconds: 20, p95Seconds: 20 },
      // d1: [40, 172800] → p50 86420; p95 = 40 + 0.95 × 172760 = 164162
      {
        channel: 'dealer',
        dealerId: 'd1',
        activated: 2,
        count: 2,
        p50Seconds: 86420,
        p95Seconds: 164162,
      },
    ]);
  });

  it('lists the lines active for more than a week that nothing has charged', () => {
    expect(report.unbilled).toEqual({
      count: 2,
      afterDays: 7,
      byChannel: [
        { channel: 'bss', dealerId: null, count: 1 },
        { channel: 'dealer', dealerId: 'd1', count: 1 },
      ],
      oldest: [
        { activationId: 'a8', activatedAt: '2026-10-31T10:00:05.000Z' },
        { activationId: 'a4', activatedAt: '2026-11-05T10:00:10.000Z' },
      ],
    });
  });

  it('measures provisioning end to end and per MNO operation, leaving out breaker refusals', () => {
    // [10, 10, 30, 60] → p50 20; p95 = 30 + 0.85 × 30 = 55.5
    expect(report.provisioning.activation).toEqual({ count: 4, p50Seconds: 20, p95Seconds: 55.5 });
    expect(report.provisioning.mnoCalls).toEqual([
      // [100, 200, 300, 400] → p50 250; p95 = 300 + 0.85 × 100 = 385
      { operation: 'createOrder', count: 4, p50Ms: 250, p95Ms: 385 },
      { operation: 'getOrder', count: 1, p50Ms: 50, p95Ms: 50 },
    ]);
  });

  it('gives the fallout share of the period by dealer, owner and reason', () => {
    // 3 of the 7 requested in November did not end active: 3/7 = 0.4286
    expect(report.fallout).toMatchObject({ requested: 7, fallout: 3, share: 0.4286 });
    const one = (key: string) => ({ key, count: 1, share: 0.1429 });
    expect(report.fallout.byDealer).toEqual([one('bss'), one('d1'), one('d2')]);
    expect(report.fallout.byOwner).toEqual([
      one('billing-ops'),
      one('network-ops'),
      one('payments'),
    ]);
    expect(report.fallout.byReason).toEqual([
      one('ICCID_UNKNOWN'),
      one('PAYMENT_DECLINED'),
      one('TAX_JURISDICTION_UNRESOLVED'),
    ]);
  });
});
