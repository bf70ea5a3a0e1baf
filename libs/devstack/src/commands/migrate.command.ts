import type { InfraConfig } from '@handoff/config';
import { runMigrations } from '@handoff/persistence';
import type { ProgressReporter } from '../progress.reporter';

/** Applies the pending migrations to DATABASE_URL (or the devstack's database). */
export async function migrate(config: InfraConfig, report: ProgressReporter): Promise<string[]> {
  const applied = await runMigrations(config.databaseUrl);
  report.step(
    'postgres',
    applied.length === 0
      ? 'schema is up to date'
      : `applied ${applied.length} migration(s): ${applied.join(', ')}`,
  );
  return applied;
}
