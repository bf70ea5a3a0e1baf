import type { DataSource, EntityManager } from 'typeorm';
import type { ActivationRequested } from '@handoff/contracts';

type Db = DataSource | EntityManager;

export interface NewActivationRow {
  correlationId: string;
  ownerTeam: string;
  request: ActivationRequested;
}

/**
 * The saga row the orchestrator drives from here on: TMF622 `acknowledged`, at validation, with the
 * subscriber id the gateway assigned.
 */
export async function insertActivation(db: EntityManager, row: NewActivationRow): Promise<void> {
  const { request } = row;
  await db.query(
    `INSERT INTO activations (activation_id, correlation_id, channel, dealer_id, iccid, msisdn,
       plan_code, subscriber_id, state, step, owner_team, request, requested_at)
     VALUES ($1, $2, 'dealer', $3, $4, $5, $6, $7, 'acknowledged', 'validation', $8, $9::jsonb, $10)`,
    [
      request.activationId,
      row.correlationId,
      request.dealerId,
      request.iccid,
      request.msisdn,
      request.planCode,
      request.subscriberId,
      row.ownerTeam,
      JSON.stringify(request),
      new Date(request.requestedAt),
    ],
  );
}

export interface ActivationRow {
  activationId: string;
  correlationId: string;
  state: string;
  step: string;
  iccid: string;
  planCode: string;
  subscriberId: string | null;
  reasonCode: string | null;
  reasonMessage: string | null;
  ownerTeam: string | null;
  requestedAt: Date;
  updatedAt: Date;
}

interface ActivationDbRow {
  activation_id: string;
  correlation_id: string;
  state: string;
  step: string;
  iccid: string;
  plan_code: string;
  subscriber_id: string | null;
  reason_code: string | null;
  reason_message: string | null;
  owner_team: string | null;
  requested_at: Date;
  updated_at: Date;
}

/** The dealer's own activation; another dealer's id reads as unknown. */
export async function findDealerActivation(
  db: Db,
  dealerId: string,
  activationId: string,
): Promise<ActivationRow | undefined> {
  const rows = await db.query<ActivationDbRow[]>(
    `SELECT activation_id, correlation_id, state, step, iccid, plan_code, subscriber_id,
            reason_code, reason_message, owner_team, requested_at, updated_at
       FROM activations WHERE activation_id = $1 AND dealer_id = $2`,
    [activationId, dealerId],
  );
  const r = rows[0];
  if (!r) return undefined;
  return {
    activationId: r.activation_id,
    correlationId: r.correlation_id,
    state: r.state,
    step: r.step,
    iccid: r.iccid,
    planCode: r.plan_code,
    subscriberId: r.subscriber_id,
    reasonCode: r.reason_code,
    reasonMessage: r.reason_message,
    ownerTeam: r.owner_team,
    requestedAt: r.requested_at,
    updatedAt: r.updated_at,
  };
}
