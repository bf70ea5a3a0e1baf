import {
  maintainLedgerPartitions,
  monthStart,
  partitionName,
  readSubjectTrail,
  readTrace,
  recordLedger,
  type LedgerEntry,
} from '@handoff/audit';
import { migratedDatabase, type TestDatabase } from '../../support/test-infra';

describe('audit ledger partitions', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await migratedDatabase('ledger-partitions');
  });
  afterAll(async () => {
    await db.close();
  });

  const policy = { retentionMonths: 2, monthsAhead: 1 };

  const entry = (over: Partial<LedgerEntry>): LedgerEntry => ({
    occurredAt: new Date(),
    correlationId: 'corr-p',
    kind: 'event-published',
    actor: 'handoff/test',
    integrationPoint: 'bss-to-handoff',
    ownerTeam: 'bss',
    outcome: 'ok',
    ...over,
  });

  async function partitions(): Promise<string[]> {
    const rows = await db.dataSource.query<{ name: string }[]>(
      `SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
        WHERE i.inhparent = 'audit_ledger'::regclass ORDER BY 1`,
    );
    return rows.map((r) => r.name);
  }

  async function rowsIn(table: string): Promise<number> {
    const [row] = await db.dataSource.query<
      {
        n: number;
      }[]
    >(`SELECT count(*)::int AS n FROM "${table}"`);
    return row?.n ?? 0;
  }

  it('starts with this month and the three after it, plus a default partition', async () => {
    const now = new Date();
    const expected = [0, 1, 2, 3].map((i) => partitionName(monthStart(now, i)));
    expect(await partitions()).toEqual([...expected, 'audit_ledger_default'].sort());
  });

  it('routes a row to its month, and one outside every month to the default partition', async () => {
    const now = new Date();
    const farAhead = monthStart(now, 8);
    await recordLedger(db.dataSource, [
      entry({ eventId: 'this-month', occurredAt: now }),
      entry({ eventId: 'far-ahead', occurredAt: new Date(farAhead.getTime() + 3_600_000) }),
    ]);
    expect(await rowsIn(partitionName(monthStart(now)))).toBe(1);
    expect(await rowsIn('audit_ledger_default')).toBe(1);
  });

  it('still records a redelivered event once, whichever partition it lands in', async () => {
    const now = new Date();
    const again = entry({ eventId: 'redelivered', occurredAt: now });
    await recordLedger(db.dataSource, [again]);
    await recordLedger(db.dataSource, [again]);
    const [row] = await db.dataSource.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM audit_ledger WHERE event_id = 'redelivered'`,
    );
    expect(row?.n).toBe(1);
  });

  it('creates a month ahead by moving its rows out of the default partition, once, even with two keepers at once', async () => {
    const later = monthStart(new Date(), 8);
    const keepAll = { ...policy, retentionMonths: 120 };
    const [first, second] = await Promise.all([
      maintainLedgerPartitions(db.dataSource, keepAll, later),
      maintainLedgerPartitions(db.dataSource, keepAll, later),
    ]);
    const created = [...first.created, ...second.created].sort();
    expect(created).toEqual([partitionName(later), partitionName(monthStart(later, 1))]);
    expect(first.movedFromDefault + second.movedFromDefault).toBe(1);
    expect(await rowsIn(partitionName(later))).toBe(1);
    expect(await rowsIn('audit_ledger_default')).toBe(0);
  });

  it('drops whole months past the retention and expires old rows of the default partition', async () => {
    const now = new Date();
    await recordLedger(db.dataSource, [
      entry({ eventId: 'ancient', occurredAt: new Date(Date.UTC(2001, 0, 1)) }),
    ]);
    const later = monthStart(now, 8);
    const result = await maintainLedgerPartitions(db.dataSource, policy, later);
    // Retention 2 at month +8 keeps months +6, +7 and +8 (and ahead): the four created by the
    // migration, months 0 to 3, go.
    expect(result.dropped).toEqual([0, 1, 2, 3].map((i) => partitionName(monthStart(now, i))));
    expect(result.expiredFromDefault).toBe(1);
    expect(await partitions()).toEqual(
      [partitionName(later), partitionName(monthStart(later, 1)), 'audit_ledger_default'].sort(),
    );
    expect(await rowsIn('audit_ledger')).toBe(1);
  });

  it('reads one correlation chain in order across months', async () => {
    const later = monthStart(new Date(), 8);
    const next = monthStart(later, 1);
    await recordLedger(db.dataSource, [
      entry({
        correlationId: 'across',
        occurredAt: new Date(next.getTime() + 1),
        kind: 'vendor-call',
      }),
      entry({
        correlationId: 'across',
        occurredAt: new Date(next.getTime() - 1),
        kind: 'http-request',
      }),
    ]);
    const trace = await readTrace(db.dataSource, 'across');
    expect(trace.map((r) => r.kind)).toEqual(['http-request', 'vendor-call']);
  });

  it("finds an ICCID's rows by a keyed ref, indexed in every month, created ahead or not, never storing it raw", async () => {
    const later = monthStart(new Date(), 8);
    const next = monthStart(later, 1);
    await recordLedger(db.dataSource, [
      entry({
        subject: '8901410321111857777',
        occurredAt: new Date(later.getTime() + 1),
        kind: 'saga-step',
      }),
      entry({
        subject: '8901410321111857777',
        occurredAt: new Date(next.getTime() + 1),
        kind: 'vendor-call',
      }),
      entry({ subject: 'sub-other-8', occurredAt: new Date(next.getTime() + 2) }),
    ]);
    const trail = await readSubjectTrail(db.dataSource, ['8901410321111857777'], { limit: 10 });
    expect(trail.map((r) => r.kind)).toEqual(['vendor-call', 'saga-step']);
    const careOnly = await readSubjectTrail(db.dataSource, ['8901410321111857777'], {
      limit: 10,
      kinds: ['saga-step'],
    });
    expect(careOnly).toHaveLength(1);

    const [raw] = await db.dataSource.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM audit_ledger WHERE '8901410321111857777' IN (subject_masked, subject_ref)`,
    );
    expect(raw?.n).toBe(0);
    const indexed = await db.dataSource.query<{ name: string }[]>(
      `SELECT tablename AS name FROM pg_indexes
        WHERE tablename LIKE 'audit_ledger_%' AND indexdef LIKE '%(subject_ref, occurred_at)%'`,
    );
    expect(indexed.map((r) => r.name).sort()).toEqual(await partitions());
  });

  it('does nothing on a second round with nothing to do', async () => {
    const result = await maintainLedgerPartitions(db.dataSource, policy, monthStart(new Date(), 8));
    expect(result).toEqual({
      created: [],
      dropped: [],
      movedFromDefault: 0,
      expiredFromDefault: 0,
    });
  });
});
