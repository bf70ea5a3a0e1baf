import type { EscalationStep } from '@handoff/ownership';

/** Where a dead letter sits: its dead-letter topic, partition and offset. */
export interface DeadLetterRef {
  topic: string;
  partition: number;
  offset: string;
}

export type DeadLetterState = 'open' | 'replayed' | 'discarded';

/** What ops last did to a dead letter, from `dead_letter_actions`. */
export type DeadLetterStatus =
  | { state: 'open' }
  | { state: 'replayed'; by: string; at: string; replayId: string; reason: string }
  | { state: 'discarded'; by: string; at: string; reason: string };

export interface DeadLetterError {
  /** retryable, permanent or business-rejection (the resilience taxonomy). */
  errorClass: string;
  code: string;
  message: string;
  stage: string;
  /** The exception's class name. */
  exception: string;
}

/** One dead letter as on-call sees it: where it came from, why it failed, who owns it, what was done. */
export interface DeadLetter {
  ref: DeadLetterRef;
  /** `topic/partition/offset`, the handle the CLI and the API take. */
  id: string;
  /** Stable across replays of the same failed record: group plus original coordinates. */
  deadLetterId: string;
  /**
   * This dead-letter record's own id (`handoff_dead_letter_uid`, a UUID the consumer wrote), which
   * ops decisions are keyed by; null for records dead-lettered before Handoff wrote it, whose
   * decisions are keyed by `ref` as before (decision 25).
   */
  uid: string | null;
  consumerGroup: string;
  original: { topic: string; partition: number; offset: string; timestamp: string | null };
  /** The record key (subscriber id or ICCID), masked. */
  keyMasked: string | null;
  eventId: string | null;
  eventType: string | null;
  correlationId: string | null;
  error: DeadLetterError;
  attempts: number;
  firstFailureAt: string | null;
  lastFailureAt: string | null;
  /** When the record reached the dead-letter topic (broker time). */
  deadLetteredAt: string;
  owner: { team: string; integrationPoint: string };
  /** Set when this dead letter is a replayed record that failed again. */
  replayOf: { replayId: string; replayedBy: string } | null;
  status: DeadLetterStatus;
}

export type DecodedPayload =
  | { decoded: true; schemaType: string; data: unknown }
  | { decoded: false; reason: string; bytes: number };

export interface DeadLetterOwner {
  team: string;
  teamName: string;
  integrationPoint: string;
  accountable: { name: string; role: string } | null;
  escalation: readonly EscalationStep[];
}

/** `show`: everything about one dead letter, with its payload decoded (personal data masked). */
export interface DeadLetterDetail extends Omit<DeadLetter, 'owner'> {
  owner: DeadLetterOwner;
  payload: DecodedPayload;
  stacktrace: string;
}

export interface DeadLetterFilter {
  /** The original (source) topic. */
  topic?: string;
  /** One consumer group; all groups of the catalog when absent. */
  group?: string;
  errorClass?: string;
  /**
   * The error code, matched exactly: `CARD_DATA_REFUSED`, `MNO.ORDER_REJECTED`. Any code is
   * accepted, since every vendor lib adds its own and a topic keeps those of older versions.
   */
  code?: string;
  ownerTeam?: string;
  /** Dead-lettered before now minus this many ms. */
  olderThanMs?: number;
  /** Dead-lettered after now minus this many ms. */
  newerThanMs?: number;
  status?: DeadLetterState;
}
