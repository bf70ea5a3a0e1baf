import type { LedgerRow } from '@handoff/audit';
import { EventTypes } from '@handoff/contracts';
import type { DeadLetterView, HandoffView } from './care-view';

/** Names a team by its display name (`Network Operations`), falling back to its id. */
export type TeamName = (teamId: string) => string;

const DEAD_LETTER_FACTS = new Set<string>([
  EventTypes.DeadLetterRecorded,
  EventTypes.DeadLetterReplayed,
  EventTypes.DeadLetterDiscarded,
]);

const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);

/** `handoff.lifecycle.ActivationRequested` reads as `ActivationRequested`. */
function whatOf(row: LedgerRow): string {
  const step = text(row.summary?.step);
  if (row.eventType) return row.eventType.slice(row.eventType.lastIndexOf('.') + 1);
  return step ? `${row.kind} ${step}` : row.kind;
}

/** The latest handoffs, newest first, without care's own look-ups. */
export function handoffsOf(
  trail: readonly LedgerRow[],
  teamName: TeamName,
  limit: number,
): HandoffView[] {
  return trail
    .filter((row) => row.kind !== 'care-lookup')
    .slice(0, limit)
    .map((row) => ({
      at: row.occurredAt,
      kind: row.kind,
      what: whatOf(row),
      integrationPoint: row.integrationPoint,
      owner: teamName(row.ownerTeam),
      outcome: row.outcome,
      reasonCode: text(row.summary?.reasonCode),
      correlationId: row.correlationId,
    }));
}

/**
 * Dead letters still open, from the ledger's facts about them (`DeadLetterRecorded`, then
 * `DeadLetterReplayed` or `DeadLetterDiscarded`, keyed by the stable dead-letter id): one whose
 * latest fact is that it was recorded still waits for a person. The trail is newest first.
 */
export function openDeadLettersOf(
  trail: readonly LedgerRow[],
  teamName: TeamName,
): DeadLetterView[] {
  const latest = new Map<string, LedgerRow>();
  for (const row of trail) {
    const id = text(row.summary?.deadLetterId);
    if (!id || !row.eventType || !DEAD_LETTER_FACTS.has(row.eventType)) continue;
    if (!latest.has(id)) latest.set(id, row);
  }
  return [...latest.entries()]
    .filter(([, row]) => row.eventType === EventTypes.DeadLetterRecorded)
    .map(([deadLetterId, row]) => ({
      deadLetterId,
      consumerGroup: text(row.summary?.consumerGroup),
      since: row.occurredAt,
      integrationPoint: row.integrationPoint,
      owner: teamName(row.ownerTeam),
    }));
}
