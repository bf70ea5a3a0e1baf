import {
  DeadLetterHeaders,
  ReplayHeaders,
  RetryHeaders,
  type Headers,
  type IncomingRecord,
  type OutgoingRecord,
} from '@handoff/messaging';

/**
 * Headers that describe the last failure, its place in the retry schedule or the dead-letter record
 * itself (its id: a replay that fails again is a new dead letter with an id of its own). Dropped so
 * the replay starts a fresh retry path; the `kafka_dlt-original-*` headers and the first failure
 * time stay, so a replay that fails again is dead-lettered with its true origin.
 */
const STALE_HEADERS: readonly string[] = [
  DeadLetterHeaders.exceptionFqcn,
  DeadLetterHeaders.exceptionMessage,
  DeadLetterHeaders.exceptionStacktrace,
  DeadLetterHeaders.errorClass,
  DeadLetterHeaders.errorCode,
  DeadLetterHeaders.stage,
  DeadLetterHeaders.attempts,
  DeadLetterHeaders.uid,
  RetryHeaders.dueAt,
  RetryHeaders.tier,
  RetryHeaders.lastFailureAt,
  RetryHeaders.lastErrorCode,
  RetryHeaders.lastErrorMessage,
];

export interface ReplayStamp {
  /** The failed group's first retry topic: only that group reads it. */
  topic: string;
  replayId: string;
  replayedBy: string;
  reason: string;
  now: number;
}

/** The original key, value and CloudEvents headers (correlation untouched), due now, with provenance. */
export function replayRecord(record: IncomingRecord, stamp: ReplayStamp): OutgoingRecord {
  const headers: Headers = Object.fromEntries(
    Object.entries(record.headers).filter(([name]) => !STALE_HEADERS.includes(name)),
  );
  return {
    topic: stamp.topic,
    key: record.key,
    value: record.value ?? Buffer.alloc(0),
    headers: {
      ...headers,
      [RetryHeaders.attempts]: '0',
      [RetryHeaders.dueAt]: String(stamp.now),
      [ReplayHeaders.replayId]: stamp.replayId,
      [ReplayHeaders.replayedBy]: stamp.replayedBy,
      [ReplayHeaders.replayedAt]: new Date(stamp.now).toISOString(),
      [ReplayHeaders.replayReason]: stamp.reason,
    },
  };
}
