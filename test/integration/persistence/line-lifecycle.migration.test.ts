import type { DataSource } from 'typeorm';
import { LineLifecycle1795700000000, runMigrations } from '@handoff/persistence';
import { newIccid } from '../../support/activation-requests';
import { revertThrough } from '../../support/migrations';
import { migratedDatabase, type TestDatabase } from '../../support/test-infra';

const MIGRATION = LineLifecycle1795700000000.name;

async function lineWithStatus(db: DataSource, subscriberId: string, status: string) {
  await db.query(
    `INSERT INTO subscribers (subscriber_id, iccid, plan_code, status, activation_id)
     VALUES ($1, $2, 'UNL-5G-30', $3, 'act-old')`,
    [subscriberId, newIccid(), status],
  );
}

async function columnsOf(db: DataSource, table: string): Promise<string[]> {
  const rows = await db.query<{ column_name: string }[]>(
    `SELECT column_name FROM information_schema.columns WHERE table_name = $1 ORDER BY 1`,
    [table],
  );
  return rows.map((r) => r.column_name);
}

describe('migration LineLifecycle1795700000000 (TMF638 line states)', () => {
  let test: TestDatabase;
  let db: DataSource;

  beforeEach(async () => {
    test = await migratedDatabase('line_lifecycle');
    await revertThrough(test.scratch.url, MIGRATION);
    db = test.dataSource;
  });

  afterEach(async () => {
    await test?.close();
  });

  it("keeps today's active and suspended lines in those states, free and without a recorded reason", async () => {
    await lineWithStatus(db, 'sub-a', 'active');
    await lineWithStatus(db, 'sub-s', 'suspended');

    expect(await runMigrations(test.scratch.url)).toContain(MIGRATION);

    expect(
      await db.query(
        `SELECT subscriber_id, state, suspension_reason, open_request_id FROM subscribers ORDER BY 1`,
      ),
    ).toEqual([
      { subscriber_id: 'sub-a', state: 'active', suspension_reason: null, open_request_id: null },
      {
        subscriber_id: 'sub-s',
        state: 'suspended',
        suspension_reason: null,
        open_request_id: null,
      },
    ]);
  });

  it('stops on a line whose status is none of the known ones rather than guess its state', async () => {
    await lineWithStatus(db, 'sub-x', 'barred');

    await expect(runMigrations(test.scratch.url)).rejects.toThrow(/subscribers_state_tmf638/);
  });

  it('goes back to status on down, keeping each line and the word of its state', async () => {
    const before = await columnsOf(db, 'subscribers');
    await lineWithStatus(db, 'sub-a', 'active');
    await runMigrations(test.scratch.url);
    await db.query(`UPDATE subscribers SET state = 'terminated' WHERE subscriber_id = 'sub-a'`);
    await db.query(
      `INSERT INTO line_requests (request_id, subscriber_id, kind, state, event_id, correlation_id,
         target_state, requested_at, settled_at)
       VALUES ('req-1', 'sub-a', 'deactivation', 'completed', 'e-1', 'e-1', 'terminated', now(), now())`,
    );

    await revertThrough(test.scratch.url, MIGRATION);

    expect(await columnsOf(db, 'subscribers')).toEqual(before);
    expect(await columnsOf(db, 'line_requests')).toEqual([]);
    expect(await db.query(`SELECT subscriber_id, status FROM subscribers`)).toEqual([
      { subscriber_id: 'sub-a', status: 'terminated' },
    ]);
  });
});
