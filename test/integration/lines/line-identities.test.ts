import { identifyLines } from '@handoff/activation-saga';
import { runMigrations, UsageIngestion1796302600000 } from '@handoff/persistence';
import { revertThrough } from '../../support/migrations';
import { migratedDatabase, type TestDatabase } from '../../support/test-infra';
import { createLine, newImsi } from '../../support/usage-cdrs';

const HOUR = 3600_000;

describe('line identities: every IMSI and MSISDN a line has had, and when', () => {
  let test: TestDatabase;

  beforeEach(async () => {
    test = await migratedDatabase('line_identities');
  });

  afterEach(async () => {
    await test?.close();
  });

  it('finds the line that had a number at the usage time, after a SIM swap and after the IMSI moved on', async () => {
    const db = test.dataSource;
    const swappedImsi = newImsi();
    const first = await createLine(db.manager, { imsi: swappedImsi });
    await db.query(`UPDATE line_identities SET valid_from = now() - interval '3 days'`);
    await db.query('UPDATE subscribers SET imsi = $1 WHERE subscriber_id = $2', [
      newImsi(),
      first.subscriberId,
    ]);
    // The old SIM's IMSI is given to another line afterwards.
    const second = await createLine(db.manager, { imsi: swappedImsi });
    await db.query(
      `UPDATE line_identities SET valid_from = now() + interval '1 hour' WHERE subscriber_id = $1`,
      [second.subscriberId],
    );
    const msisdnOnly = await createLine(db.manager);

    const found = await identifyLines(db.manager, [
      { imsi: swappedImsi, msisdn: null, at: new Date(Date.now() - 24 * HOUR) },
      { imsi: swappedImsi, msisdn: null, at: new Date(Date.now() + 2 * HOUR) },
      { imsi: newImsi(), msisdn: msisdnOnly.msisdn, at: new Date() },
      { imsi: newImsi(), msisdn: null, at: new Date() },
    ]);

    expect(found.map((f) => f?.subscriberId)).toEqual([
      first.subscriberId,
      second.subscriberId,
      msisdnOnly.subscriberId,
      undefined,
    ]);
  });

  it('records the numbers of lines that exist before it, and drops the usage tables on the way down', async () => {
    const db = test.dataSource;
    await revertThrough(test.scratch.url, UsageIngestion1796302600000.name);
    const line = await createLine(db.manager);

    expect(await runMigrations(test.scratch.url)).toContain(UsageIngestion1796302600000.name);
    const rows = await db.query<{ kind: string; value: string; valid_to: Date | null }[]>(
      'SELECT kind, value, valid_to FROM line_identities WHERE subscriber_id = $1 ORDER BY kind',
      [line.subscriberId],
    );
    expect(rows).toEqual([
      { kind: 'imsi', value: line.imsi, valid_to: null },
      { kind: 'msisdn', value: line.msisdn, valid_to: null },
    ]);

    await revertThrough(test.scratch.url, UsageIngestion1796302600000.name);
    const [left] = await db.query<{ n: string }[]>(
      `SELECT count(*) AS n FROM information_schema.tables
        WHERE table_name IN ('line_identities', 'usage_records', 'usage_daily_totals', 'usage_feed_days', 'usage_files')`,
    );
    expect(Number(left.n)).toBe(0);
  });
});
