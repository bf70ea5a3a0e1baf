import type { DataSource } from 'typeorm';
import type { IncidentKind, SlaMeasure } from './incident.store';

export interface PeriodEscalation {
  level: number;
  who: string;
  contact: string;
  raisedAt: Date;
}

/** An incident that overlapped the period, with its evidence and the levels it raised. */
export interface PeriodIncident {
  incidentId: string;
  kind: IncidentKind;
  operation: string;
  measure: SlaMeasure | null;
  target: string | null;
  actual: string | null;
  start: Date;
  /** Null while it is still open. */
  end: Date | null;
  /** Correlation ids: a breach's failed or slow calls, a jeopardy's work in jeopardy. */
  evidence: string[];
  workItems: number;
  escalations: PeriodEscalation[];
}

interface Row {
  incident_id: string;
  kind: IncidentKind;
  operation: string;
  measure: SlaMeasure | null;
  target: string | null;
  actual: string | null;
  opened_at: Date;
  resolved_at: Date | null;
  evidence: string[];
  work: string[] | null;
  escalations: { level: number; who: string; contact: string; raised_at: string }[] | null;
}

export async function incidentsInPeriod(
  db: DataSource,
  integrationPoint: string,
  period: { from: Date; to: Date },
): Promise<PeriodIncident[]> {
  const rows = await db.query<Row[]>(
    `SELECT i.*,
            (SELECT array_agg(j.correlation_id ORDER BY j.raised_at) FROM ops_jeopardies j
              WHERE j.incident_id = i.incident_id) AS work,
            (SELECT json_agg(json_build_object('level', e.level, 'who', e.who,
                     'contact', e.contact, 'raised_at', e.raised_at) ORDER BY e.level)
               FROM ops_escalations e WHERE e.incident_id = i.incident_id) AS escalations
       FROM ops_incidents i
      WHERE i.integration_point = $1 AND i.opened_at < $3
        AND (i.resolved_at IS NULL OR i.resolved_at >= $2)
      ORDER BY i.opened_at`,
    [integrationPoint, period.from, period.to],
  );
  return rows.map((row) => ({
    incidentId: row.incident_id,
    kind: row.kind,
    operation: row.operation,
    measure: row.measure,
    target: row.target,
    actual: row.actual,
    start: row.opened_at,
    end: row.resolved_at,
    evidence: row.kind === 'jeopardy' ? (row.work ?? []) : row.evidence,
    workItems: row.work?.length ?? 0,
    escalations: (row.escalations ?? []).map((e) => ({
      level: e.level,
      who: e.who,
      contact: e.contact,
      raisedAt: new Date(e.raised_at),
    })),
  }));
}
