import { DataSource, type DataSourceOptions, type MixedList } from 'typeorm';
import { PERSISTENCE_MIGRATIONS } from './migrations/persistence.migrations';

/** Where TypeORM records which migrations ran; named so it reads as ours next to the business tables. */
export const MIGRATIONS_TABLE = 'schema_migrations';

/** What other libs and apps add to the data source: their own entities and migrations. */
export interface PersistenceExtras {
  entities?: DataSourceOptions['entities'];
  migrations?: DataSourceOptions['migrations'];
  /** Pooled connections (node-postgres' `max`); 10 when not given. */
  poolSize?: number;
}

/**
 * A PostgreSQL data source whose schema only ever changes through migrations (never
 * `synchronize`). Not initialised: the caller decides when to connect.
 */
export function createDataSource(url: string, extra: PersistenceExtras = {}): DataSource {
  return new DataSource({
    type: 'postgres',
    url,
    synchronize: false,
    migrationsRun: false,
    migrationsTableName: MIGRATIONS_TABLE,
    migrationsTransactionMode: 'each',
    entities: extra.entities ?? [],
    migrations: [...PERSISTENCE_MIGRATIONS, ...toArray(extra.migrations)],
    logging: false,
    extra: { max: extra.poolSize ?? 10 },
  });
}

function toArray<T>(list: MixedList<T> | undefined): T[] {
  if (!list) return [];
  return Array.isArray(list) ? list : Object.values(list as Record<string, T>);
}
