import type { DataSource, EntityManager } from 'typeorm';

type Db = DataSource | EntityManager;

/**
 * Work open at the MNO, for jeopardy: an activation waiting on its MNO order (the provisioning
 * step; its money steps are other vendors'), and a lifecycle request in progress, each named by the
 * operation its SLA is written for (`activation`, or the request's kind: `portIn`, `suspension`...).
 */
export interface OpenWork {
  operation: string;
  /** The activation id, or `subscriberId/requestId`. */
  workRef: string;
  subjectId: string | null;
  correlationId: string;
  openedAt: Date;
}

export const ACTIVATION_WORK = 'activation';
const OPEN_ACTIVATION = `state IN ('acknowledged', 'inProgress', 'held') AND step = 'provisioning'`;

interface WorkRow {
  work_ref: string;
  subject_id: string | null;
  correlation_id: string;
  opened_at: Date;
}

const toWork = (operation: string) => (row: WorkRow) => ({
  operation,
  workRef: row.work_ref,
  subjectId: row.subject_id,
  correlationId: row.correlation_id,
  openedAt: row.opened_at,
});

const ACTIVATION_REF = 'activation_id';
const LINE_REQUEST_REF = `subscriber_id || '/' || request_id`;

/**
 * A page of the work of `operation` still open that was opened before `openedBefore`, in work ref
 * order; pass the last ref as `afterRef` for the next page (none is skipped however many there are;
 * the ref, unlike a timestamp, survives the trip through JavaScript exactly).
 */
export async function overdueWork(
  db: Db,
  operation: string,
  openedBefore: Date,
  page: { afterRef?: string; limit?: number } = {},
): Promise<OpenWork[]> {
  const { afterRef = '', limit = 500 } = page;
  const isActivation = operation === ACTIVATION_WORK;
  const ref = isActivation ? ACTIVATION_REF : LINE_REQUEST_REF;
  const openedAt = isActivation ? 'requested_at' : 'created_at';
  const from = isActivation
    ? `activations WHERE ${OPEN_ACTIVATION}`
    : `line_requests WHERE state = 'inProgress' AND kind = $4`;
  const params = [openedBefore, afterRef, limit];
  const rows = await db.query<WorkRow[]>(
    `SELECT ${ref} AS work_ref, subscriber_id AS subject_id, correlation_id, ${openedAt} AS opened_at
       FROM ${from} AND ${openedAt} < $1 AND ${ref} > $2
      ORDER BY ${ref} LIMIT $3`,
    isActivation ? params : [...params, operation],
  );
  return rows.map(toWork(operation));
}

/** Of these work refs of `operation`, the ones still open. */
export async function stillOpen(
  db: Db,
  operation: string,
  workRefs: readonly string[],
): Promise<Set<string>> {
  if (workRefs.length === 0) return new Set();
  const rows: { work_ref: string }[] =
    operation === ACTIVATION_WORK
      ? await db.query(
          `SELECT activation_id AS work_ref FROM activations
            WHERE activation_id = ANY($1) AND ${OPEN_ACTIVATION}`,
          [workRefs],
        )
      : await db.query(
          `SELECT ${LINE_REQUEST_REF} AS work_ref FROM line_requests
            WHERE state = 'inProgress' AND kind = $1 AND ${LINE_REQUEST_REF} = ANY($2)`,
          [operation, workRefs],
        );
  return new Set(rows.map((row) => row.work_ref));
}

/** The operations open work is tracked for: `activation` and every lifecycle request kind. */
export const WORK_OPERATIONS: readonly string[] = [
  ACTIVATION_WORK,
  'planChange',
  'suspension',
  'resumption',
  'deactivation',
  'portIn',
  'simSwap',
];
