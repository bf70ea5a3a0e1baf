import type { DataSource, EntityManager, QueryRunner } from 'typeorm';
import { maskPersonalData, maskSubscriberId } from '@handoff/observability';
import type { LedgerEntry, LedgerKind, LedgerRow } from './ledger-entry';

type Db = DataSource | EntityManager | QueryRunner;

const COLUMNS = [
  'occurred_at',
  'correlation_id',
  'causation_id',
  'event_id',
  'event_type',
  'kind',
  'actor',
  'integration_point',
  'owner_team',
  'subject_masked',
  'summary',
  'outcome',
  'http_status',
  'latency_ms',
  'attempt',
  'subject_ref',
] as const;

/** How each column's parameter is written: the summary as jsonb, the ref keyed from the raw subject. */
const CASTS: Partial<Record<(typeof COLUMNS)[number], (param: string) => string>> = {
  summary: (param) => `${param}::jsonb`,
  subject_ref: (param) => `audit_subject_ref(${param})`,
};

function toParams(e: LedgerEntry): unknown[] {
  const subject = e.subject ? String(maskSubscriberId(e.subject)) : null;
  return [
    e.occurredAt,
    e.correlationId,
    e.causationId ?? null,
    e.eventId ?? null,
    e.eventType ?? null,
    e.kind,
    e.actor,
    e.integrationPoint,
    e.ownerTeam,
    subject,
    JSON.stringify(maskPersonalData(e.summary ?? {})),
    e.outcome,
    e.httpStatus ?? null,
    e.latencyMs ?? null,
    e.attempt ?? null,
    // Only ever hashed in the statement (with the database's key), never stored as given.
    e.subject ?? null,
  ];
}

/**
 * Appends ledger rows (in the caller's transaction when given one). Recording the same event
 * again for the same kind and actor is a no-op, so redelivery never doubles the trail: an entry
 * with an event id must take `occurredAt` from the event, not the clock, since the partition key
 * is part of the guard (decision 59).
 */
export async function recordLedger(db: Db, entries: readonly LedgerEntry[]): Promise<void> {
  if (entries.length === 0) return;
  const params: unknown[] = [];
  const rows = entries.map((e) => {
    const start = params.length;
    params.push(...toParams(e));
    const values = COLUMNS.map((column, i) => {
      const param = `$${start + i + 1}`;
      return CASTS[column]?.(param) ?? param;
    });
    return `(${values.join(', ')})`;
  });
  await db.query(
    `INSERT INTO audit_ledger (${COLUMNS.join(', ')}) VALUES ${rows.join(', ')}
     ON CONFLICT (event_id, kind, actor, occurred_at) WHERE event_id IS NOT NULL DO NOTHING`,
    params,
  );
}

interface LedgerDbRow {
  id: string;
  recorded_at: Date;
  occurred_at: Date;
  correlation_id: string;
  causation_id: string | null;
  event_id: string | null;
  event_type: string | null;
  kind: LedgerKind;
  actor: string;
  integration_point: string;
  owner_team: string;
  subject_masked: string | null;
  summary: Record<string, unknown>;
  outcome: string;
  http_status: number | null;
  latency_ms: number | null;
  attempt: number | null;
}

/** The whole chain of one correlation id, in the order it happened. */
export async function readTrace(db: Db, correlationId: string): Promise<LedgerRow[]> {
  const rows = (await db.query(
    'SELECT * FROM audit_ledger WHERE correlation_id = $1 ORDER BY occurred_at, id',
    [correlationId],
  )) as LedgerDbRow[];
  return rows.map(toLedgerRow);
}

/**
 * The latest rows about any of these subjects (raw subscriber ids, ICCIDs, activation ids; only
 * their keyed refs reach the query), newest first: through `audit_ledger_subject_ref_idx` in each
 * month, so one subscriber's trail is an index probe however large the ledger is.
 */
export async function readSubjectTrail(
  db: Db,
  subjects: readonly string[],
  { limit, kinds }: { limit: number; kinds?: readonly LedgerKind[] },
): Promise<LedgerRow[]> {
  if (subjects.length === 0) return [];
  const refs = (await db.query('SELECT audit_subject_ref(s) AS ref FROM unnest($1::text[]) AS s', [
    subjects,
  ])) as { ref: string }[];
  const rows = (await db.query(
    `SELECT * FROM audit_ledger WHERE subject_ref = ANY($1::text[])
        AND ($3::text[] IS NULL OR kind = ANY($3::text[]))
      ORDER BY occurred_at DESC, id DESC LIMIT $2`,
    [refs.map((r) => r.ref), limit, kinds ?? null],
  )) as LedgerDbRow[];
  return rows.map(toLedgerRow);
}

function toLedgerRow(r: LedgerDbRow): LedgerRow {
  return {
    id: String(r.id),
    recordedAt: r.recorded_at,
    occurredAt: r.occurred_at,
    correlationId: r.correlation_id,
    causationId: r.causation_id,
    eventId: r.event_id,
    eventType: r.event_type,
    kind: r.kind,
    actor: r.actor,
    integrationPoint: r.integration_point,
    ownerTeam: r.owner_team,
    subjectMasked: r.subject_masked,
    summary: r.summary,
    outcome: r.outcome,
    httpStatus: r.http_status,
    latencyMs: r.latency_ms,
    attempt: r.attempt,
  };
}
