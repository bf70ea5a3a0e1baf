import { MigrationExecutor } from 'typeorm';
import { createDataSource, type PersistenceExtras } from './data-source.factory';

/**
 * The session-level advisory lock every migration run takes first, so that services starting in
 * parallel cannot apply the same migration twice. 0x48414e44 is "HAND" in ASCII; any process that
 * changes the schema outside of `runMigrations` should take the same lock.
 */
export const MIGRATION_LOCK_KEY = 0x48414e44;

/**
 * Applies the pending migrations, each in its own transaction, while holding
 * {@link MIGRATION_LOCK_KEY} on the very connection that runs them. Waiters block until the
 * holder is done and then find nothing left to do. Returns the names of the migrations applied.
 */
export async function runMigrations(url: string, extra: PersistenceExtras = {}): Promise<string[]> {
  const dataSource = await createDataSource(url, extra).initialize();
  const queryRunner = dataSource.createQueryRunner();
  try {
    await queryRunner.connect();
    await queryRunner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    try {
      const executor = new MigrationExecutor(dataSource, queryRunner);
      executor.transaction = 'each';
      const applied = await executor.executePendingMigrations();
      return applied.map((m) => m.name);
    } finally {
      await queryRunner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
    }
  } finally {
    await queryRunner.release();
    await dataSource.destroy();
  }
}
