import { EventTypes, type DeadLetterDiscarded, type DeadLetterReplayed } from '@handoff/contracts';
import type { LedgerEntry } from '@handoff/audit';
import {
  CeHeaders,
  type EventEnvelope,
  type IncomingRecord,
  type NewEvent,
} from '@handoff/messaging';
import type { DeadLetter } from '../dead-letter';
import { toReason } from './ops-reason';

export interface OpsDecision {
  /** The replay id or discard id; also the ops event's id and the ledger row's event id. */
  decisionId: string;
  operatorId: string;
  reason: string;
  at: number;
}

/** The failed event as a cause, so the ops event and ledger row join its correlation chain. */
export function causeOf(record: IncomingRecord): EventEnvelope | undefined {
  const h = record.headers;
  if (!h[CeHeaders.id] || !h[CeHeaders.correlationId]) return undefined;
  return {
    id: h[CeHeaders.id],
    type: h[CeHeaders.type] ?? '',
    source: h[CeHeaders.source] ?? '',
    time: h[CeHeaders.time] ?? '',
    subject: h[CeHeaders.subject] ?? record.key ?? '',
    correlationId: h[CeHeaders.correlationId],
    causationId: h[CeHeaders.causationId] ?? h[CeHeaders.id],
    traceparent: h[CeHeaders.traceparent] ?? '',
    integrationPoint: h[CeHeaders.integrationPoint] ?? '',
    ownerTeam: h[CeHeaders.ownerTeam] ?? '',
    data: null,
  };
}

export function replayedEvent(
  d: DeadLetter,
  subject: string | null,
  replayTopic: string,
  x: OpsDecision,
): NewEvent<DeadLetterReplayed> {
  return {
    id: x.decisionId,
    type: EventTypes.DeadLetterReplayed,
    subject: subject ?? d.deadLetterId,
    data: {
      ...common(d, subject, x),
      replayId: x.decisionId,
      replayTopic,
      reason: toReason(x.reason, 'OPS.REPLAY_REQUESTED'),
      replayedAt: x.at,
    },
  };
}

export function discardedEvent(
  d: DeadLetter,
  subject: string | null,
  x: OpsDecision,
): NewEvent<DeadLetterDiscarded> {
  return {
    id: x.decisionId,
    type: EventTypes.DeadLetterDiscarded,
    subject: subject ?? d.deadLetterId,
    data: {
      ...common(d, subject, x),
      discardId: x.decisionId,
      reason: toReason(x.reason, 'OPS.DISCARD_REQUESTED'),
      discardedAt: x.at,
    },
  };
}

/** The ledger row of an ops decision, in the failed event's correlation chain when it has one. */
export function decisionLedgerEntry(
  d: DeadLetter,
  subject: string | null,
  x: OpsDecision,
  kind: 'replay' | 'discard',
  extra: Record<string, unknown> = {},
): LedgerEntry {
  return {
    occurredAt: new Date(x.at),
    correlationId: d.correlationId ?? d.deadLetterId,
    causationId: d.eventId,
    eventId: x.decisionId,
    eventType: kind === 'replay' ? EventTypes.DeadLetterReplayed : EventTypes.DeadLetterDiscarded,
    kind,
    actor: `operator:${x.operatorId}`,
    integrationPoint: d.owner.integrationPoint,
    ownerTeam: d.owner.team,
    subject,
    summary: {
      deadLetter: d.id,
      deadLetterUid: d.uid,
      consumerGroup: d.consumerGroup,
      originalEventId: d.eventId,
      originalEventType: d.eventType,
      reason: x.reason,
      ...extra,
    },
    outcome: kind === 'replay' ? 'replayed' : 'discarded',
  };
}

function common(d: DeadLetter, subject: string | null, x: OpsDecision) {
  return {
    subjectId: subject,
    deadLetterId: d.deadLetterId,
    original: {
      topic: d.original.topic,
      partition: d.original.partition,
      offset: Number(d.original.offset || -1),
    },
    consumerGroup: d.consumerGroup,
    operator: x.operatorId,
    ownerTeam: d.owner.team,
  };
}
