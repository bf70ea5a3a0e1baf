import {
  CeHeaders,
  DeadLetterHeaders,
  ReplayHeaders,
  type IncomingRecord,
} from '@handoff/messaging';
import { maskSubscriberId } from '@handoff/observability';
import type { DeadLetter } from '../dead-letter';
import { groupOfDeadLetterTopic } from '../dead-letter-groups';
import { formatRef } from '../dead-letter-ref';

/** Reads a dead-letter record's headers into what on-call needs; its status is filled in later. */
export function toDeadLetter(record: IncomingRecord): DeadLetter {
  const h = record.headers;
  const ref = { topic: record.topic, partition: record.partition, offset: record.offset };
  const consumerGroup =
    h[DeadLetterHeaders.originalConsumerGroup] ?? groupOfDeadLetterTopic(record.topic) ?? '';
  const original = {
    topic: h[DeadLetterHeaders.originalTopic] ?? '',
    partition: Number(h[DeadLetterHeaders.originalPartition] ?? -1),
    offset: h[DeadLetterHeaders.originalOffset] ?? '',
    timestamp: isoFromEpoch(h[DeadLetterHeaders.originalTimestamp]),
  };
  return {
    ref,
    id: formatRef(ref),
    deadLetterId: `${consumerGroup}:${original.topic}/${original.partition}/${original.offset}`,
    uid: h[DeadLetterHeaders.uid] || null,
    consumerGroup,
    original,
    keyMasked: record.key === null ? null : String(maskSubscriberId(record.key)),
    eventId: h[CeHeaders.id] ?? null,
    eventType: h[CeHeaders.type] ?? null,
    correlationId: h[CeHeaders.correlationId] ?? null,
    error: {
      errorClass: h[DeadLetterHeaders.errorClass] ?? 'unknown',
      code: h[DeadLetterHeaders.errorCode] ?? 'UNKNOWN',
      message: h[DeadLetterHeaders.exceptionMessage] ?? '',
      stage: h[DeadLetterHeaders.stage] ?? 'unknown',
      exception: h[DeadLetterHeaders.exceptionFqcn] ?? 'Error',
    },
    attempts: Number(h[DeadLetterHeaders.attempts] ?? 0),
    firstFailureAt: h[DeadLetterHeaders.firstFailureAt] ?? null,
    lastFailureAt: h[DeadLetterHeaders.lastFailureAt] ?? null,
    deadLetteredAt: isoFromEpoch(record.timestamp) ?? new Date(0).toISOString(),
    owner: {
      team: h[DeadLetterHeaders.ownerTeam] ?? 'unowned',
      integrationPoint: h[DeadLetterHeaders.integrationPoint] ?? 'unowned',
    },
    replayOf: h[ReplayHeaders.replayId]
      ? { replayId: h[ReplayHeaders.replayId], replayedBy: h[ReplayHeaders.replayedBy] ?? '' }
      : null,
    status: { state: 'open' },
  };
}

function isoFromEpoch(ms: string | undefined): string | null {
  const n = Number(ms);
  return ms && Number.isFinite(n) ? new Date(n).toISOString() : null;
}
