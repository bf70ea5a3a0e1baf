import type { EntityManager } from 'typeorm';
import type { OpenWork } from '@handoff/activation-saga';

export interface Jeopardy {
  incidentId: string;
  integrationPoint: string;
  operation: string;
  workRef: string;
  subjectId: string | null;
  correlationId: string;
  openedAt: Date;
  dueAt: Date;
  raisedAt: Date;
}

interface JeopardyRow {
  incident_id: string;
  integration_point: string;
  operation: string;
  work_ref: string;
  subject_id: string | null;
  correlation_id: string;
  opened_at: Date;
  due_at: Date;
  raised_at: Date;
}

const toJeopardy = (row: JeopardyRow): Jeopardy => ({
  incidentId: row.incident_id,
  integrationPoint: row.integration_point,
  operation: row.operation,
  workRef: row.work_ref,
  subjectId: row.subject_id,
  correlationId: row.correlation_id,
  openedAt: row.opened_at,
  dueAt: row.due_at,
  raisedAt: row.raised_at,
});

/** Raises it once: false when this work was already in jeopardy (another watcher, an earlier tick). */
export async function raiseJeopardy(
  tx: EntityManager,
  at: { incidentId: string; integrationPoint: string; dueAt: Date; raisedAt: Date },
  work: OpenWork,
): Promise<boolean> {
  const rows = await tx.query<unknown[]>(
    `INSERT INTO ops_jeopardies (operation, work_ref, incident_id, integration_point, subject_id,
                                 correlation_id, opened_at, due_at, raised_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
     ON CONFLICT (operation, work_ref) DO NOTHING RETURNING work_ref`,
    [
      work.operation,
      work.workRef,
      at.incidentId,
      at.integrationPoint,
      work.subjectId,
      work.correlationId,
      work.openedAt,
      at.dueAt,
      at.raisedAt,
    ],
  );
  return rows.length > 0;
}

/** The work refs of `operation` ever raised among these (open or cleared): not raised again. */
export async function alreadyRaised(
  tx: EntityManager,
  operation: string,
  workRefs: readonly string[],
): Promise<Set<string>> {
  const rows = await tx.query<{ work_ref: string }[]>(
    `SELECT work_ref FROM ops_jeopardies WHERE operation = $1 AND work_ref = ANY($2)`,
    [operation, workRefs],
  );
  return new Set(rows.map((row) => row.work_ref));
}

export async function openJeopardies(tx: EntityManager, operation: string): Promise<Jeopardy[]> {
  const rows = await tx.query<JeopardyRow[]>(
    `SELECT * FROM ops_jeopardies WHERE operation = $1 AND cleared_at IS NULL ORDER BY raised_at`,
    [operation],
  );
  return rows.map(toJeopardy);
}

/** Clears it unless another watcher already did; true when this call cleared it. */
export async function clearJeopardy(tx: EntityManager, j: Jeopardy, at: Date): Promise<boolean> {
  // For an UPDATE, TypeORM's postgres driver answers [rows, affected count].
  const [, updated] = await tx.query<[unknown[], number]>(
    `UPDATE ops_jeopardies SET cleared_at = $3
      WHERE operation = $1 AND work_ref = $2 AND cleared_at IS NULL`,
    [j.operation, j.workRef, at],
  );
  return updated > 0;
}

export async function openJeopardyCount(tx: EntityManager, incidentId: string): Promise<number> {
  const [row] = await tx.query<{ n: number }[]>(
    `SELECT count(*)::int AS n FROM ops_jeopardies WHERE incident_id = $1 AND cleared_at IS NULL`,
    [incidentId],
  );
  return row.n;
}

/**
 * The open jeopardies of one subscriber's work: by work ref (an activation id, or
 * `subscriberId/requestId`) or by the subscriber the work was for. Open ones are few, so this
 * reads them whole rather than needing an index per column.
 */
export async function openJeopardiesOf(
  db: EntityManager,
  workRefs: readonly string[],
  subjectId: string | null,
): Promise<Jeopardy[]> {
  const rows = await db.query<JeopardyRow[]>(
    `SELECT * FROM ops_jeopardies
      WHERE cleared_at IS NULL AND (work_ref = ANY($1::text[]) OR subject_id = $2)
      ORDER BY raised_at`,
    [workRefs, subjectId],
  );
  return rows.map(toJeopardy);
}
