/** What kind of handoff a ledger row records. */
export type LedgerKind =
  | 'http-request'
  | 'event-published'
  | 'event-consumed'
  | 'vendor-call'
  | 'saga-step'
  | 'dead-letter'
  | 'replay'
  | 'discard'
  /** An operator re-drove a held activation (after the fix its hold waited for). */
  | 'redrive'
  /** An operator key issued (or re-issued), and by whom: an operator, or a database-level bootstrap. */
  | 'operator-key'
  /** A care agent read a subscriber's diagnostic view, or asked the MNO for a fresh line read. */
  | 'care-lookup'
  /** An MNO usage file published to the feed in full (`usage import`), with its counts. */
  | 'file-imported'
  /** A wholesale invoice compared with the accepted usage (`usage reconcile`), with its counts. */
  | 'reconciliation-run';

/** One handoff: who did what, across which integration point, owned by whom, with what outcome. */
export interface LedgerEntry {
  occurredAt: Date;
  correlationId: string;
  causationId?: string | null;
  eventId?: string | null;
  eventType?: string | null;
  kind: LedgerKind;
  /** The service (`handoff/orchestrator`) or operator (`operator:alice`) that acted. */
  actor: string;
  integrationPoint: string;
  ownerTeam: string;
  /** The subscriber or ICCID; masked before it is stored. */
  subject?: string | null;
  /** A short description of the request or event; personal data in it is masked before storing. */
  summary?: Record<string, unknown>;
  /** ok, rejected, failed, retrying, held, dead-lettered, replayed, discarded, ... */
  outcome: string;
  httpStatus?: number | null;
  latencyMs?: number | null;
  attempt?: number | null;
}

export interface LedgerRow extends Omit<LedgerEntry, 'subject'> {
  id: string;
  recordedAt: Date;
  subjectMasked: string | null;
}
