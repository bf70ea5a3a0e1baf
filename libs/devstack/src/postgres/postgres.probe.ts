import { Client } from 'pg';
import { redactDatabaseUrl } from '@handoff/persistence';

/** The URL with its password replaced, for printing. */
export const redactUrl = redactDatabaseUrl;

/** One connection and `SHOW server_version`; throws when the server does not answer. */
export async function postgresServerVersion(url: string, timeoutMs = 3_000): Promise<string> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: timeoutMs });
  client.on('error', () => undefined);
  try {
    await client.connect();
    const result = await client.query<{ server_version: string }>('SHOW server_version');
    return result.rows[0]?.server_version ?? 'unknown';
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Resolves once the server answers a query; throws the reason when it does not. */
export async function probePostgres(url: string, timeoutMs?: number): Promise<true> {
  await postgresServerVersion(url, timeoutMs);
  return true;
}

/** Like {@link probePostgres}, but answers false instead of throwing. */
export async function isPostgresReady(url: string, timeoutMs?: number): Promise<boolean> {
  return probePostgres(url, timeoutMs).catch(() => false);
}
