import { createServer } from 'node:net';
import { randomBytes } from 'node:crypto';
import { loadInfraConfig } from '@handoff/config';
import {
  createScratchDatabase,
  createDataSource,
  runMigrations,
  type ScratchDatabase,
} from '@handoff/persistence';
import type { DataSource } from 'typeorm';

export const infra = loadInfraConfig();

/** Topic and group names unique to one test, so tests never see each other's records. */
export function uniqueName(prefix: string): string {
  return `test.${prefix}.${randomBytes(4).toString('hex')}`;
}

export interface TestDatabase {
  scratch: ScratchDatabase;
  dataSource: DataSource;
  close(): Promise<void>;
}

/** A migrated database of the test's own, migrated exactly as production is. */
export async function migratedDatabase(prefix: string): Promise<TestDatabase> {
  const scratch = await createScratchDatabase(infra.databaseUrl, `test_${prefix}`);
  await runMigrations(scratch.url);
  const dataSource = await createDataSource(scratch.url).initialize();
  return {
    scratch,
    dataSource,
    close: async () => {
      await dataSource.destroy();
      await scratch.drop();
    },
  };
}

/** Polls until `check` returns a value that is not undefined/false, or fails with `what` after the deadline. */
export async function waitFor<T>(
  what: string,
  check: () => Promise<T | undefined | false> | T | undefined | false,
  timeoutMs = 30_000,
  intervalMs = 50,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value !== undefined && value !== false) return value;
    } catch (error) {
      last = error;
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
  throw new Error(
    `timed out after ${timeoutMs} ms waiting for ${what}${last instanceof Error ? `: ${last.message}` : ''}`,
  );
}

/** A loopback port nothing listens on (a dependency that is down). */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
