import type { DataSource, EntityManager } from 'typeorm';

type Db = DataSource | EntityManager;

/** A plan change a dealer asked for (table `dealer_plan_changes`, written by the gateway only). */
export interface DealerPlanChange {
  requestId: string;
  dealerId: string;
  subscriberId: string;
  planCode: string;
  correlationId: string;
  idempotencyKey: string | null;
  /** What the Idempotency-Key is bound to: the line and the body, canonically hashed. */
  requestHash: string;
  requestedAt: Date;
}

interface Row {
  request_id: string;
  dealer_id: string;
  subscriber_id: string;
  plan_code: string;
  correlation_id: string;
  idempotency_key: string | null;
  request_hash: string;
  requested_at: Date;
}

/**
 * Records the request. With a key another request of this dealer holds, this waits for that
 * transaction and then returns false, so exactly one of two concurrent retries publishes.
 */
export async function insertPlanChange(db: EntityManager, change: DealerPlanChange) {
  const rows = await db.query<unknown[]>(
    `INSERT INTO dealer_plan_changes (request_id, dealer_id, subscriber_id, plan_code,
       correlation_id, idempotency_key, request_hash, requested_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING RETURNING request_id`,
    [
      change.requestId,
      change.dealerId,
      change.subscriberId,
      change.planCode,
      change.correlationId,
      change.idempotencyKey,
      change.requestHash,
      change.requestedAt,
    ],
  );
  return rows.length === 1;
}

export async function planChangeWithKey(db: Db, dealerId: string, key: string) {
  const rows = await db.query<Row[]>(
    'SELECT * FROM dealer_plan_changes WHERE dealer_id = $1 AND idempotency_key = $2',
    [dealerId, key],
  );
  return rows[0] && toPlanChange(rows[0]);
}

/** The dealer's own request on this line; another dealer's, or another line's, reads as unknown. */
export async function dealersPlanChange(
  db: Db,
  dealerId: string,
  subscriberId: string,
  requestId: string,
): Promise<DealerPlanChange | undefined> {
  const rows = await db.query<Row[]>(
    `SELECT * FROM dealer_plan_changes
      WHERE request_id = $1 AND dealer_id = $2 AND subscriber_id = $3`,
    [requestId, dealerId, subscriberId],
  );
  return rows[0] && toPlanChange(rows[0]);
}

function toPlanChange(row: Row): DealerPlanChange {
  return {
    requestId: row.request_id,
    dealerId: row.dealer_id,
    subscriberId: row.subscriber_id,
    planCode: row.plan_code,
    correlationId: row.correlation_id,
    idempotencyKey: row.idempotency_key,
    requestHash: row.request_hash,
    requestedAt: row.requested_at,
  };
}
