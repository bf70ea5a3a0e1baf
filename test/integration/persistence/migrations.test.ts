import { setTimeout as sleep } from 'node:timers/promises';
import { Client } from 'pg';
import { loadInfraConfig } from '@handoff/config';
import {
  MIGRATION_LOCK_KEY,
  MIGRATIONS_TABLE,
  PERSISTENCE_MIGRATIONS,
  createDataSource,
  createScratchDatabase,
  runMigrations,
  type ScratchDatabase,
} from '@handoff/persistence';

const BACKBONE_TABLES = ['inbox', 'outbox', 'parked_events', 'subscriber_blocks'];
const MIGRATION_NAMES = PERSISTENCE_MIGRATIONS.map((m) => m.name);
const { databaseUrl } = loadInfraConfig();

async function query<T>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows as T[];
  } finally {
    await client.end();
  }
}

async function backboneTables(url: string): Promise<string[]> {
  const rows = await query<{ table_name: string }>(
    url,
    `SELECT table_name FROM information_schema.tables
     WHERE table_schema = 'public' AND table_name = ANY($1) ORDER BY table_name`,
    [BACKBONE_TABLES],
  );
  return rows.map((r) => r.table_name);
}

async function recordedMigrations(url: string): Promise<string[]> {
  const rows = await query<{ name: string }>(
    url,
    `SELECT name FROM ${MIGRATIONS_TABLE} ORDER BY id`,
  );
  return rows.map((r) => r.name);
}

async function revertAll(url: string): Promise<void> {
  const dataSource = await createDataSource(url).initialize();
  try {
    for (let i = 0; i < dataSource.migrations.length; i++) {
      await dataSource.undoLastMigration({ transaction: 'each' });
    }
  } finally {
    await dataSource.destroy();
  }
}

describe('persistence migrations', () => {
  let db: ScratchDatabase;

  beforeEach(async () => {
    db = await createScratchDatabase(databaseUrl, 'test_migrations');
  });

  afterEach(async () => {
    await db.drop();
  });

  it('applies every migration exactly once when three runs start in parallel', async () => {
    const runs = await Promise.all([
      runMigrations(db.url),
      runMigrations(db.url),
      runMigrations(db.url),
    ]);

    expect(runs.flat().sort()).toEqual([...MIGRATION_NAMES].sort());
    expect(await backboneTables(db.url)).toEqual(BACKBONE_TABLES);
    expect(await recordedMigrations(db.url)).toEqual(MIGRATION_NAMES);
  }, 30_000);

  it('waits while another session holds the migration lock, then migrates', async () => {
    const holder = new Client({ connectionString: db.url });
    await holder.connect();
    try {
      await holder.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
      const run = runMigrations(db.url);
      await sleep(500);
      expect(await backboneTables(db.url)).toEqual([]);

      await holder.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
      expect(await run).toEqual(MIGRATION_NAMES);
    } finally {
      await holder.end();
    }
    expect(await backboneTables(db.url)).toEqual(BACKBONE_TABLES);
  }, 30_000);

  it('leaves no backbone table when every migration is reverted', async () => {
    await runMigrations(db.url);

    await revertAll(db.url);

    expect(await backboneTables(db.url)).toEqual([]);
    expect(await recordedMigrations(db.url)).toEqual([]);
  }, 30_000);

  it('migrates a reverted database back to the full schema', async () => {
    await runMigrations(db.url);
    await revertAll(db.url);

    expect(await runMigrations(db.url)).toEqual(MIGRATION_NAMES);
    expect(await backboneTables(db.url)).toEqual(BACKBONE_TABLES);
  }, 30_000);
});
