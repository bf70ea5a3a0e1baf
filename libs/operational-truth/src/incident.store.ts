import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';

/**
 * The incidents table and what hangs off it. Every write is keyed so that a second watcher's copy
 * of the same write does nothing and says so: the caller publishes only when it really wrote.
 */
/** `uncoveredFailure`: a failure in an error category its point's SLA does not cover. */
export type IncidentKind = 'jeopardy' | 'slaBreach' | 'uncoveredFailure';
export type SlaMeasure = 'availability' | 'latencyP95';

export interface Incident {
  incidentId: string;
  kind: IncidentKind;
  integrationPoint: string;
  operation: string;
  measure: SlaMeasure | null;
  target: string | null;
  actual: string | null;
  evidence: string[];
  openedAt: Date;
  resolvedAt: Date | null;
}

export interface IncidentKey {
  kind: IncidentKind;
  integrationPoint: string;
  operation: string;
}

export interface NewIncident extends IncidentKey {
  measure?: SlaMeasure;
  target?: string;
  actual?: string;
  evidence?: readonly string[];
  openedAt: Date;
}

interface IncidentRow {
  incident_id: string;
  kind: IncidentKind;
  integration_point: string;
  operation: string;
  measure: SlaMeasure | null;
  target: string | null;
  actual: string | null;
  evidence: string[];
  opened_at: Date;
  resolved_at: Date | null;
}

const toIncident = (row: IncidentRow): Incident => ({
  incidentId: row.incident_id,
  kind: row.kind,
  integrationPoint: row.integration_point,
  operation: row.operation,
  measure: row.measure,
  target: row.target,
  actual: row.actual,
  evidence: row.evidence,
  openedAt: row.opened_at,
  resolvedAt: row.resolved_at,
});

const OPEN_KEY = `kind = $1 AND integration_point = $2 AND operation = $3 AND resolved_at IS NULL`;

/**
 * The open incident of this key, locked until the caller's transaction ends, opening it if there
 * is none (`opened` says which). A concurrent opener waits on the unique index, then finds ours.
 */
export async function openIncident(
  tx: EntityManager,
  incident: NewIncident,
): Promise<{ incident: Incident; opened: boolean }> {
  const key = [incident.kind, incident.integrationPoint, incident.operation];
  const inserted = await tx.query<IncidentRow[]>(
    `INSERT INTO ops_incidents
       (incident_id, kind, integration_point, operation, measure, target, actual, evidence, opened_at)
     VALUES ($4, $1, $2, $3, $5, $6, $7, $8, $9)
     ON CONFLICT (kind, integration_point, operation) WHERE resolved_at IS NULL DO NOTHING
     RETURNING *`,
    [
      ...key,
      randomUUID(),
      incident.measure ?? null,
      incident.target ?? null,
      incident.actual ?? null,
      incident.evidence ?? [],
      incident.openedAt,
    ],
  );
  if (inserted.length > 0) return { incident: toIncident(inserted[0]), opened: true };
  const [existing] = await tx.query<IncidentRow[]>(
    `SELECT * FROM ops_incidents WHERE ${OPEN_KEY} FOR UPDATE`,
    key,
  );
  if (existing) return { incident: toIncident(existing), opened: false };
  // Resolved between our insert and our read: open a fresh one.
  return openIncident(tx, incident);
}

export async function findOpenIncident(
  tx: EntityManager,
  key: IncidentKey,
): Promise<Incident | undefined> {
  const [row] = await tx.query<IncidentRow[]>(`SELECT * FROM ops_incidents WHERE ${OPEN_KEY}`, [
    key.kind,
    key.integrationPoint,
    key.operation,
  ]);
  return row && toIncident(row);
}

export async function openIncidents(tx: EntityManager, kind?: IncidentKind): Promise<Incident[]> {
  const rows = await tx.query<IncidentRow[]>(
    `SELECT * FROM ops_incidents WHERE resolved_at IS NULL AND ($1::text IS NULL OR kind = $1)
      ORDER BY opened_at`,
    [kind ?? null],
  );
  return rows.map(toIncident);
}

/** Resolves it unless another watcher already did; true when this call resolved it. */
export async function resolveIncident(
  tx: EntityManager,
  incidentId: string,
  at: Date,
  actual?: string,
): Promise<boolean> {
  // For an UPDATE, TypeORM's postgres driver answers [rows, affected count].
  const [, updated] = await tx.query<[unknown[], number]>(
    `UPDATE ops_incidents SET resolved_at = $2, actual = coalesce($3, actual)
      WHERE incident_id = $1 AND resolved_at IS NULL`,
    [incidentId, at, actual ?? null],
  );
  return updated > 0;
}

/** Locks an open incident for the rest of the transaction; undefined when it is already resolved. */
export async function lockOpenIncident(
  tx: EntityManager,
  incidentId: string,
): Promise<Incident | undefined> {
  const [row] = await tx.query<IncidentRow[]>(
    `SELECT * FROM ops_incidents WHERE incident_id = $1 AND resolved_at IS NULL FOR UPDATE`,
    [incidentId],
  );
  return row && toIncident(row);
}

/** Locks an open incident unless another instance holds it (it is walking it right now). */
export async function lockUnlessBusy(
  tx: EntityManager,
  incidentId: string,
): Promise<Incident | undefined> {
  const [row] = await tx.query<IncidentRow[]>(
    `SELECT * FROM ops_incidents WHERE incident_id = $1 AND resolved_at IS NULL
       FOR UPDATE SKIP LOCKED`,
    [incidentId],
  );
  return row && toIncident(row);
}
