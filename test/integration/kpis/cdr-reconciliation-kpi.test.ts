import { ReconciliationRunStore, type ReconciliationCounts } from '@handoff/usage-ingestion';
import { namedPeriod, opsKpis } from '../../../apps/ops/src/kpis/ops-kpis';
import { migratedDatabase, type TestDatabase } from '../../support/test-infra';

/**
 * The CDR reconciliation accuracy in the ops KPIs (GET /v1/kpis, ops kpis, the weekly review) on
 * scripted `usage reconcile` runs: the figure is the month's first pass, worked out by hand.
 */
describe('CDR reconciliation accuracy in the ops KPIs (real PostgreSQL)', () => {
  let db: TestDatabase;
  const runs = new ReconciliationRunStore();
  const noDeadLetters = () => Promise.resolve({ items: [], complete: true });
  const kpisOf = (label: string) => opsKpis(db.dataSource, noDeadLetters, namedPeriod(label), 7);
  const run = (period: string, counts: Omit<ReconciliationCounts, 'unknownLines'>) =>
    runs.record(db.dataSource.manager, {
      period,
      fileSha256: `sha-${period}-${counts.matched}`,
      fileName: `invoice-${period}.csv`,
      linesRead: 40,
      badLines: 0,
      counts: { ...counts, unknownLines: 0 },
      charges: { compared: false },
    });

  beforeAll(async () => {
    db = await migratedDatabase('cdr_reconciliation_kpi');
    // November's first pass: 37 matched, 2 mismatched, 1 only on the invoice, 0 only in Handoff.
    await run('2026-11', { matched: 37, mismatched: 2, onlyInvoice: 1, onlyHandoff: 0 });
    // A corrected invoice later matches everything: kept, but it never replaces the first pass.
    await run('2026-11', { matched: 40, mismatched: 0, onlyInvoice: 0, onlyHandoff: 0 });
  });

  afterAll(() => db.close());

  it("gives a month's first pass: 37 of 40 figures = 92.5%", async () => {
    const k = await kpisOf('2026-11');
    expect(k.cdrReconciliation).toEqual({
      month: '2026-11',
      accuracy: 37 / 40,
      matched: 37,
      compared: 40,
      runs: 2,
    });
  });

  it('gives a week the month holding most of its days, and says when it has none yet', async () => {
    // 2026-W48 is 23 to 29 November: November's figure.
    expect((await kpisOf('2026-W48')).cdrReconciliation.accuracy).toBe(0.925);
    // 2026-W49 is 30 November to 6 December, mostly December: not reconciled yet.
    expect((await kpisOf('2026-W49')).cdrReconciliation).toEqual({
      month: '2026-12',
      accuracy: null,
      matched: null,
      compared: null,
      runs: 0,
    });
  });
});
