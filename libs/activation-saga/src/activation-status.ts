/** Where an activation stands, as the dealer who asked for it may see it. */
export interface ActivationStatus {
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

export interface ActivationStatusRow {
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

export const ACTIVATION_STATUS_COLUMNS = `activation_id, correlation_id, state, step, iccid,
  plan_code, subscriber_id, reason_code, reason_message, owner_team, requested_at, updated_at`;

export function toStatus(r: ActivationStatusRow): ActivationStatus {
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
