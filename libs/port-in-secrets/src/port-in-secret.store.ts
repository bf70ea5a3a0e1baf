import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { PortInSecretsExpiredError } from './port-in-secrets.errors';

type Db = DataSource | EntityManager;

/** What the donor operator needs to release a number; never in an event, a log or a dead letter. */
export interface PortInSecrets {
  accountNumber: string | null;
  pin: string | null;
}

/**
 * The claim-check store of port-in secrets (owner of the `port_in_secrets` table). Events carry
 * the reference `deposit` returns; the saga `claim`s the secrets when it calls the MNO. A row lives
 * until its activation ends (`discard`) or its expiry (`sweepExpired`, and `claim` refuses an
 * expired row before the sweep has run). Times are the database's, one clock for every instance.
 */
export class PortInSecretStore {
  constructor(readonly ttlMs: number) {}

  /** The reference of the secrets kept for this activation; a second deposit keeps the first. */
  async deposit(db: EntityManager, activationId: string, secrets: PortInSecrets): Promise<string> {
    await db.query(
      `INSERT INTO port_in_secrets (secrets_ref, activation_id, account_number, pin, expires_at)
       VALUES ($1, $2, $3, $4, now() + make_interval(secs => $5::double precision / 1000))
       ON CONFLICT (activation_id) DO NOTHING`,
      [`pis-${randomUUID()}`, activationId, secrets.accountNumber, secrets.pin, this.ttlMs],
    );
    const rows = await db.query<{ secrets_ref: string }[]>(
      'SELECT secrets_ref FROM port_in_secrets WHERE activation_id = $1',
      [activationId],
    );
    return rows[0].secrets_ref;
  }

  /** The secrets behind `ref`; `PortInSecretsExpiredError` when they are gone or past expiry. */
  async claim(db: Db, ref: string, activationId: string): Promise<PortInSecrets> {
    const rows = await db.query<{ account_number: string | null; pin: string | null }[]>(
      `SELECT account_number, pin FROM port_in_secrets
        WHERE secrets_ref = $1 AND activation_id = $2 AND expires_at > now()`,
      [ref, activationId],
    );
    const row = rows[0];
    if (!row) throw new PortInSecretsExpiredError(activationId, this.ttlMs);
    return { accountNumber: row.account_number, pin: row.pin };
  }

  /** Forgets the secrets of an activation that ended: nothing will need them again. */
  async discard(db: Db, activationId: string): Promise<void> {
    await db.query('DELETE FROM port_in_secrets WHERE activation_id = $1', [activationId]);
  }

  /** Deletes every row past its expiry; returns how many. */
  async sweepExpired(db: Db): Promise<number> {
    // A plain DELETE answers `[rows, count]` through TypeORM; a CTE answers rows like a SELECT.
    const rows = await db.query<{ n: number }[]>(
      `WITH gone AS (DELETE FROM port_in_secrets WHERE expires_at <= now() RETURNING 1)
       SELECT count(*)::int AS n FROM gone`,
    );
    return rows[0]?.n ?? 0;
  }
}
