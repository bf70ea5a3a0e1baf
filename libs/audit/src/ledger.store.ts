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
] as const;

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
    return `(${COLUMNS.map((_, i) => `$${start + i + 1}${i === 10 ? '::jsonb' : ''}`).join(', ')})`;
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
  return rows.map((r) => ({
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
  }));
}
