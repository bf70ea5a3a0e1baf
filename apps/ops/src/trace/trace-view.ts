import type { DataSource } from 'typeorm';
import { readTrace } from '@handoff/audit';
import type { OwnershipMatrix } from '@handoff/ownership';

/** One handoff of a correlation chain, with the team that owns it. */
export interface TraceStep {
  at: string;
  kind: string;
  actor: string;
  eventType: string | null;
  eventId: string | null;
  causationId: string | null;
  integrationPoint: string;
  ownerTeam: string;
  ownerTeamName: string;
  outcome: string;
  subjectMasked: string | null;
  httpStatus: number | null;
  latencyMs: number | null;
  attempt: number | null;
  summary: Record<string, unknown>;
}

/** The whole chain of one correlation id from the ledger, in the order it happened. */
export async function traceOf(
  db: DataSource,
  ownership: OwnershipMatrix,
  correlationId: string,
): Promise<TraceStep[]> {
  const rows = await readTrace(db, correlationId);
  return rows.map((r) => ({
    at: r.occurredAt.toISOString(),
    kind: r.kind,
    actor: r.actor,
    eventType: r.eventType ?? null,
    eventId: r.eventId ?? null,
    causationId: r.causationId ?? null,
    integrationPoint: r.integrationPoint,
    ownerTeam: r.ownerTeam,
    ownerTeamName: ownership.team(r.ownerTeam)?.name ?? r.ownerTeam,
    outcome: r.outcome,
    subjectMasked: r.subjectMasked,
    httpStatus: r.httpStatus ?? null,
    latencyMs: r.latencyMs ?? null,
    attempt: r.attempt ?? null,
    summary: r.summary ?? {},
  }));
}
