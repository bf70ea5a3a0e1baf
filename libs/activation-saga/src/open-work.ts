import type { DataSource, EntityManager } from 'typeorm';

type Db = DataSource | EntityManager;

/**
 * Open work, for jeopardy: an activation waiting at a vendor's steps (the MNO order: `activation`;
 * the tax quote or commit: `activationTax`; the payment authorisation or capture:
 * `activationPayment`; held ones included), and a lifecycle request in progress at the MNO, each
 * named by the operation its SLA is written for (or the request's kind: `portIn`, `suspension`...).
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
export const ACTIVATION_TAX_WORK = 'activationTax';
export const ACTIVATION_PAYMENT_WORK = 'activationPayment';

/** The saga steps each activation operation waits at: one vendor's, so its owner is the one paged. */
const ACTIVATION_STEPS: Readonly<Record<string, string>> = {
  [ACTIVATION_WORK]: `'provisioning'`,
  [ACTIVATION_TAX_WORK]: `'taxQuote', 'taxCommit'`,
  [ACTIVATION_PAYMENT_WORK]: `'paymentAuthorization', 'paymentCapture'`,
};
const isActivationWork = (operation: string) => operation in ACTIVATION_STEPS;
const openActivation = (operation: string) =>
  `state IN ('acknowledged', 'inProgress', 'held') AND step IN (${ACTIVATION_STEPS[operation]})`;

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
  const isActivation = isActivationWork(operation);
  const ref = isActivation ? ACTIVATION_REF : LINE_REQUEST_REF;
  const openedAt = isActivation ? 'requested_at' : 'created_at';
  const from = isActivation
    ? `activations WHERE ${openActivation(operation)}`
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
  const rows: { work_ref: string }[] = isActivationWork(operation)
    ? await db.query(
        `SELECT activation_id AS work_ref FROM activations
            WHERE activation_id = ANY($1) AND ${openActivation(operation)}`,
        [workRefs],
      )
    : await db.query(
        `SELECT ${LINE_REQUEST_REF} AS work_ref FROM line_requests
            WHERE state = 'inProgress' AND kind = $1 AND ${LINE_REQUEST_REF} = ANY($2)`,
        [operation, workRefs],
      );
  return new Set(rows.map((row) => row.work_ref));
}

/** The operations open work is tracked for: the activation's vendor steps and every request kind. */
export const WORK_OPERATIONS: readonly string[] = [
  ...Object.keys(ACTIVATION_STEPS),
  'planChange',
  'suspension',
  'resumption',
  'deactivation',
  'portIn',
  'simSwap',
];
