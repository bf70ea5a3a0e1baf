import { runMigrations } from '@handoff/persistence';
import { revertThrough } from '../../support/migrations';
import { migratedDatabase, type TestDatabase } from '../../support/test-infra';

const MIGRATION = 'DeadLetterUids1795650000000';

const decision = (columns: string, values: string) =>
  `INSERT INTO dead_letter_actions
     (${columns}dlt_topic, dlt_partition, dlt_offset, consumer_group, action, operator_id, reason)
   VALUES (${values}'g.dlt', 0, '7', 'g', 'discard', 'alice', 'dup')`;

describe('migration DeadLetterUids1795650000000 (decisions keyed by the dead letter id)', () => {
  let test: TestDatabase;

  beforeEach(async () => {
    test = await migratedDatabase('dead_letter_uids');
  });

  afterEach(async () => {
    await test.close();
  });

  it('keeps decisions recorded before it, without an id, and keeps every decision on the way down', async () => {
    await revertThrough(test.scratch.url, MIGRATION);
    await test.dataSource.query(decision('', ''));

    await runMigrations(test.scratch.url);
    expect(
      await test.dataSource.query('SELECT dead_letter_uid, dlt_offset FROM dead_letter_actions'),
    ).toEqual([{ dead_letter_uid: null, dlt_offset: '7' }]);
    await test.dataSource.query(decision('dead_letter_uid, ', "'8d3c7f2e-uid', "));

    await revertThrough(test.scratch.url, MIGRATION);
    const columns = await test.dataSource.query<{ column_name: string }[]>(
      `SELECT column_name FROM information_schema.columns
        WHERE table_name = 'dead_letter_actions' AND column_name = 'dead_letter_uid'`,
    );
    expect(columns).toEqual([]);
    expect(
      await test.dataSource.query<unknown[]>('SELECT 1 FROM dead_letter_actions'),
    ).toHaveLength(2);
  }, 30_000);
});
