import type { DataSource, EntityManager } from 'typeorm';

type Db = DataSource | EntityManager;

export interface IdempotencyClaim {
  dealerId: string;
  key: string;
  requestHash: string;
  activationId: string;
}

/** The activation an earlier request with this key created, and the hash of that request. */
export interface PriorRequest {
  requestHash: string;
  activationId: string;
  /** Null for an activation accepted before the gateway assigned subscriber ids. */
  subscriberId: string | null;
  correlationId: string;
  state: string;
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

export async function findPriorRequest(
  db: Db,
  dealerId: string,
  key: string,
): Promise<PriorRequest | undefined> {
  const rows = await db.query<
    {
      request_hash: string;
      activation_id: string;
      subscriber_id: string | null;
      correlation_id: string;
      state: string;
    }[]
  >(
    `SELECT k.request_hash, a.activation_id, a.subscriber_id, a.correlation_id, a.state
       FROM idempotency_keys k JOIN activations a ON a.activation_id = k.activation_id
      WHERE k.dealer_id = $1 AND k.idempotency_key = $2`,
    [dealerId, key],
  );
  const row = rows[0];
  return row
    ? {
        requestHash: row.request_hash,
        activationId: row.activation_id,
        subscriberId: row.subscriber_id,
        correlationId: row.correlation_id,
        state: row.state,
      }
    : undefined;
}
