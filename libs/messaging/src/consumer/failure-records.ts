import { randomUUID } from 'node:crypto';
import {
  AwaitingCompletionError,
  classifyError,
  DeferredError,
  PermanentError,
  HandoffError,
  stageOf,
  type FailureStage,
} from '@handoff/resilience';
import { DeadLetterHeaders, RetryHeaders } from '../envelope/headers';
import type { Headers, IncomingRecord, OutgoingRecord } from '../port/messaging.port';
import type { GroupTopics } from '../topics/topic-catalog';

const MAX_STACK_CHARS = 2_000;
const MAX_MESSAGE_CHARS = 500;

export interface FailureContext {
  groupId: string;
  topics: GroupTopics;
  /**
   * Owner of the failure: the integration point the error names (a vendor adapter knows it), else
   * the one where records of `topic` are consumed.
   */
  ownerOf(topic: string, error: unknown): { integrationPoint: string; ownerTeam: string };
}

/** Failed attempts so far, as carried by the record (0 for a record straight from its source topic). */
export function attemptsSoFar(record: IncomingRecord): number {
  return Number(record.headers[RetryHeaders.attempts] ?? 0);
}

/**
 * The next retry-tier record, or undefined when the attempts are exhausted (or a wait its limit).
 * A `DeferredError` (e.g. the vendor's breaker is open) holds the record instead: same tier,
 * attempts not counted, so a record waiting out an outage does not burn its retries.
 */
export function nextRetryRecord(
  record: IncomingRecord,
  error: unknown,
  ctx: FailureContext,
  now = Date.now(),
): OutgoingRecord | undefined {
  if (error instanceof AwaitingCompletionError) return nextWaitRecord(record, error, ctx, now);
  const held = error instanceof DeferredError;
  const attempts = attemptsSoFar(record) + (held ? 0 : 1);
  const tierIndex = Math.max(attempts, 1) - 1;
  const tier = ctx.topics.retry[tierIndex];
  if (!tier) return undefined;
  // A held record sleeps until the dependency may answer again (a breaker's reset timeout), not
  // the tier's delay: a long outage must not churn every held record through Kafka twice a second.
  const delayMs = held && error.retryAfterMs !== undefined ? error.retryAfterMs : tier.delayMs;
  return tierRecord(record, error, ctx, now, { attempts, tierIndex, delayMs });
}

/**
 * A record waiting on an outside completion spends no attempt and is checked again less often the
 * longer it has waited (on the tier whose delay fits, so each tier's due times stay in order).
 */
function nextWaitRecord(
  record: IncomingRecord,
  error: AwaitingCompletionError,
  ctx: FailureContext,
  now: number,
): OutgoingRecord | undefined {
  const since = Number(record.headers[RetryHeaders.waitingSince] ?? now);
  const waited = now - since;
  if (waited >= error.waitLimitMs) return undefined;
  const wanted = error.retryAfterMs ?? waited / 4;
  const tiers = ctx.topics.retry;
  const tierIndex = Math.max(
    0,
    tiers.findLastIndex((t) => t.delayMs <= wanted),
  );
  return tierRecord(record, error, ctx, now, {
    attempts: attemptsSoFar(record),
    tierIndex,
    delayMs: tiers[tierIndex].delayMs,
    extra: { [RetryHeaders.waitingSince]: String(since) },
  });
}

/**
 * What to dead-letter once no retry is left: a wait that ran out is a failure of its own (with the
 * owner of the integration point it waited on), not the last "still pending" answer.
 */
export function finalError(error: unknown): unknown {
  if (!(error instanceof AwaitingCompletionError)) return error;
  return new PermanentError(
    'WAIT.DEADLINE_PASSED',
    `gave up waiting after ${Math.round(error.waitLimitMs / 1000)} s: ${error.message}`,
    { cause: error, stage: error.stage, integrationPoint: error.integrationPoint },
  );
}

function tierRecord(
  record: IncomingRecord,
  error: unknown,
  ctx: FailureContext,
  now: number,
  next: { attempts: number; tierIndex: number; delayMs: number; extra?: Headers },
): OutgoingRecord {
  return {
    topic: ctx.topics.retry[next.tierIndex].name,
    key: record.key,
    value: record.value ?? Buffer.alloc(0),
    headers: {
      ...record.headers,
      ...originHeaders(record, ctx.groupId),
      ...failureTimes(record, now),
      ...next.extra,
      [RetryHeaders.attempts]: String(next.attempts),
      [RetryHeaders.tier]: String(next.tierIndex + 1),
      [RetryHeaders.dueAt]: String(now + next.delayMs),
      [RetryHeaders.lastErrorCode]: errorCode(error),
      [RetryHeaders.lastErrorMessage]: bounded(errorMessage(error), MAX_MESSAGE_CHARS),
    },
  };
}

/** The original record, its key, value and headers, plus everything an operator needs to act on it. */
export function deadLetterRecord(
  record: IncomingRecord,
  error: unknown,
  stage: FailureStage,
  ctx: FailureContext,
  now = Date.now(),
): OutgoingRecord {
  const cause = error instanceof Error ? error : new Error(String(error));
  const owner = ctx.ownerOf(record.headers[DeadLetterHeaders.originalTopic] ?? record.topic, error);
  return {
    topic: ctx.topics.deadLetter,
    key: record.key,
    value: record.value ?? Buffer.alloc(0),
    headers: {
      ...withoutRetrySchedule(record.headers),
      ...originHeaders(record, ctx.groupId),
      ...failureTimes(record, now),
      [DeadLetterHeaders.exceptionFqcn]: cause.name,
      [DeadLetterHeaders.exceptionMessage]: bounded(cause.message, MAX_MESSAGE_CHARS),
      [DeadLetterHeaders.exceptionStacktrace]: bounded(cause.stack ?? '', MAX_STACK_CHARS),
      [DeadLetterHeaders.errorClass]: classifyError(error),
      [DeadLetterHeaders.errorCode]: errorCode(error),
      [DeadLetterHeaders.stage]: stage,
      [DeadLetterHeaders.attempts]: String(attemptsSoFar(record) + 1),
      [DeadLetterHeaders.integrationPoint]: owner.integrationPoint,
      [DeadLetterHeaders.ownerTeam]: owner.ownerTeam,
      [DeadLetterHeaders.uid]: randomUUID(),
    },
  };
}

/** Where the record first came from; kept from the first failure on through every retry tier. */
function originHeaders(record: IncomingRecord, groupId: string): Headers {
  if (record.headers[DeadLetterHeaders.originalTopic]) return {};
  return {
    [DeadLetterHeaders.originalTopic]: record.topic,
    [DeadLetterHeaders.originalPartition]: String(record.partition),
    [DeadLetterHeaders.originalOffset]: record.offset,
    [DeadLetterHeaders.originalTimestamp]: record.timestamp,
    [DeadLetterHeaders.originalConsumerGroup]: groupId,
  };
}

function failureTimes(record: IncomingRecord, now: number): Headers {
  const nowIso = new Date(now).toISOString();
  return {
    [RetryHeaders.firstFailureAt]: record.headers[RetryHeaders.firstFailureAt] ?? nowIso,
    [RetryHeaders.lastFailureAt]: nowIso,
  };
}

function withoutRetrySchedule(headers: Headers): Headers {
  const { [RetryHeaders.dueAt]: _due, [RetryHeaders.tier]: _tier, ...rest } = headers;
  return rest;
}

function errorCode(error: unknown): string {
  return error instanceof HandoffError ? error.code : 'UNCLASSIFIED';
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function bounded(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** Where a failed handling broke: as the handler's error says, else at the vendor call. */
export function failureStage(outcome: {
  kind: string;
  error: unknown;
  stage?: FailureStage;
}): FailureStage {
  return outcome.stage ?? stageOf(outcome.error, 'vendor-call');
}
