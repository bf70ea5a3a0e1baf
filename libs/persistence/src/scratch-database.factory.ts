import { randomBytes } from 'node:crypto';
import { withDatabase, withMaintenanceClient } from './database-url.util';

export interface ScratchDatabase {
  /** The URL of the new, empty database. */
  url: string;
  name: string;
  /** Drops the database, disconnecting whoever is still connected. */
  drop(): Promise<void>;
}

/**
 * A throwaway database on the same server as `baseUrl`, for tests that need a schema of their
 * own. Its name is `<prefix>_<random>` so leftovers of a crashed run are easy to spot.
 */
export async function createScratchDatabase(
  baseUrl: string,
  prefix: string,
): Promise<ScratchDatabase> {
  const safePrefix = prefix
    .toLowerCase()
    .replace(/[^a-z0-9_]/g, '_')
    .slice(0, 40);
  const name = `${safePrefix}_${randomBytes(6).toString('hex')}`;
  await withMaintenanceClient(baseUrl, (c) =>
    c.query(`CREATE DATABASE ${c.escapeIdentifier(name)}`),
  );
  return {
    url: withDatabase(baseUrl, name),
    name,
    drop: async () => {
      await withMaintenanceClient(baseUrl, (c) =>
        c.query(`DROP DATABASE IF EXISTS ${c.escapeIdentifier(name)} WITH (FORCE)`),
      );
    },
  };
}
