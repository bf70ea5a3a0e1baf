import type { DataSource, EntityManager } from 'typeorm';

type Db = DataSource | EntityManager;

export interface IdempotencyClaim {
  dealerId: string;
  key: string;
  requestHash: string;
  activationId: string;
}

/** The activation an earlier request with this key created, and the hash of that request. */
export interface ClaimedKey {
  requestHash: string;
  activationId: string;
}

/**
 * Claims the key for a new activation. A concurrent request holding the same key makes this wait
 * for that transaction and then return false, so exactly one of them creates an activation.
 */
export async function claimIdempotencyKey(
  db: EntityManager,
  claim: IdempotencyClaim,
): Promise<boolean> {
  const rows = await db.query<unknown[]>(
    `INSERT INTO idempotency_keys (dealer_id, idempotency_key, request_hash, activation_id)
     VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING RETURNING activation_id`,
    [claim.dealerId, claim.key, claim.requestHash, claim.activationId],
  );
  return rows.length === 1;
}

export async function findClaimedKey(
  db: Db,
  dealerId: string,
  key: string,
): Promise<ClaimedKey | undefined> {
  const rows = await db.query<{ request_hash: string; activation_id: string }[]>(
    `SELECT request_hash, activation_id FROM idempotency_keys
      WHERE dealer_id = $1 AND idempotency_key = $2`,
    [dealerId, key],
  );
  const row = rows[0];
  return row && { requestHash: row.request_hash, activationId: row.activation_id };
}
