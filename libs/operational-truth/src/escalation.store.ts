import type { DataSource, EntityManager } from 'typeorm';
import type { EscalationStep } from '@handoff/ownership';
import type { IncidentKind } from './incident.store';

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

/** The level most recently raised for an incident still open, one per integration point. */
export interface OpenEscalation {
  integrationPoint: string;
  incidentKind: IncidentKind;
  operation: string;
  level: number;
  who: string;
  contact: string;
  raisedAt: Date;
}

/** Per integration point, who its open incidents were last escalated to (the map's status line). */
export async function openEscalations(db: DataSource | EntityManager): Promise<OpenEscalation[]> {
  const rows = await db.query<
    {
      integration_point: string;
      kind: IncidentKind;
      operation: string;
      level: number;
      who: string;
      contact: string;
      raised_at: Date;
    }[]
  >(
    `SELECT DISTINCT ON (i.integration_point)
            i.integration_point, i.kind, i.operation, e.level, e.who, e.contact, e.raised_at
       FROM ops_incidents i JOIN ops_escalations e ON e.incident_id = i.incident_id
      WHERE i.resolved_at IS NULL
      ORDER BY i.integration_point, e.raised_at DESC, e.level DESC`,
  );
  return rows.map((r) => ({
    integrationPoint: r.integration_point,
    incidentKind: r.kind,
    operation: r.operation,
    level: r.level,
    who: r.who,
    contact: r.contact,
    raisedAt: r.raised_at,
  }));
}

/** Escalations raised in [from, to), per integration point: how often work fell between teams. */
export async function escalationsRaised(
  db: DataSource | EntityManager,
  from: Date,
  to: Date,
): Promise<{ integrationPoint: string; raised: number }[]> {
  const rows = await db.query<{ integration_point: string; n: number }[]>(
    `SELECT i.integration_point, count(*)::int AS n
       FROM ops_escalations e JOIN ops_incidents i USING (incident_id)
      WHERE e.raised_at >= $1 AND e.raised_at < $2
      GROUP BY 1 ORDER BY 2 DESC, 1`,
    [from, to],
  );
  return rows.map((r) => ({ integrationPoint: r.integration_point, raised: r.n }));
}
