import type { EntityManager } from 'typeorm';
import type { EscalationStep } from '@handoff/ownership';

/** Records one level of an incident's chain once: false when it was already raised. */
export async function raiseLevel(
  tx: EntityManager,
  incidentId: string,
  level: number,
  step: EscalationStep,
  at: Date,
): Promise<boolean> {
  const rows = await tx.query<unknown[]>(
    `INSERT INTO ops_escalations (incident_id, level, who, contact, after_ms, raised_at)
     VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (incident_id, level) DO NOTHING RETURNING level`,
    [incidentId, level, step.who, step.contact, step.afterMs, at],
  );
  return rows.length > 0;
}

export async function levelsRaised(tx: EntityManager, incidentId: string): Promise<number> {
  const [row] = await tx.query<{ n: number }[]>(
    `SELECT count(*)::int AS n FROM ops_escalations WHERE incident_id = $1`,
    [incidentId],
  );
  return row.n;
}
