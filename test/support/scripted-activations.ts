import type { DataSource } from 'typeorm';

/** One activation of a scripted data set, its times given in seconds after the request. */
export interface ScriptedActivation {
  id: string;
  channel: 'dealer' | 'bss';
  dealer?: string;
  state: string;
  /** The saga step it is at; `done` unless given. */
  step?: string;
  requested: string;
  completedAfter?: number;
  capturedAfter?: number;
  reason?: string;
  owner?: string;
}

const plus = (iso: string, seconds: number) => new Date(Date.parse(iso) + seconds * 1000);

/** Inserts the row as the saga would have left it, for KPIs computed by hand. */
export async function insertActivation(db: DataSource, r: ScriptedActivation): Promise<void> {
  await db.query(
    `INSERT INTO activations (activation_id, correlation_id, channel, dealer_id, iccid, plan_code,
       subscriber_id, state, step, reason_code, owner_team, request, requested_at, completed_at, captured_at)
     VALUES ($1, $1, $2, $3, $4, 'UNL-5G-30', $5, $6, $12, $7, $8, '{}', $9, $10, $11)`,
    [
      r.id,
      r.channel,
      r.dealer ?? null,
      `89${r.id.replace(/\D/g, '').padStart(17, '0')}`,
      `sub-${r.id}`,
      r.state,
      r.reason ?? null,
      r.owner ?? null,
      new Date(r.requested),
      r.completedAfter === undefined ? null : plus(r.requested, r.completedAfter),
      r.capturedAfter === undefined ? null : plus(r.requested, r.capturedAfter),
      r.step ?? 'done',
    ],
  );
}
