import type { Span } from '@opentelemetry/api';
import { stageOf } from '@handoff/resilience';
import type { EventEnvelope } from '../envelope/event-envelope';
import type { IncomingRecord } from '../port/messaging.port';
import type { ConsumerDeps } from './consumer-deps';
import { failureReason, retryCount, type RecordCount } from './consumer-metrics';
import { deadLetterRecorded } from './dead-letter-fact';
import { deadLetterRecord, failureStage, finalError, nextRetryRecord } from './failure-records';
import { LazyTransaction } from './lazy-transaction';
import type { RecordOutcome } from './record-pipeline';
import type { Settlement } from './settlement';
import { failSpan, inConsumerSpan } from '../tracing/consumer-spans';

export type HandlingResult = 'done' | 'retrying' | 'dead-lettered' | 'duplicate';

/**
 * Runs a record's handler outside any transaction and settles what came of it: processed (inbox
 * and emitted events), sent to the retry path (blocking its key), or dead-lettered.
 */
export class RecordHandling {
  constructor(private readonly deps: ConsumerDeps) {}

  /**
   * @param where.parkedId the parked row this record came from, removed with its settlement
   * @param where.blockKey the key it blocks if it goes back to the retry path (its subject by default)
   */
  run(
    record: IncomingRecord,
    envelope: EventEnvelope,
    where: { parkedId?: string; blockKey?: string } = {},
  ): Promise<HandlingResult> {
    return inConsumerSpan(this.deps.tracer, this.deps.groupId, record, envelope, (span) =>
      this.handle(record, envelope, where, span),
    );
  }

  private async handle(
    record: IncomingRecord,
    envelope: EventEnvelope,
    where: { parkedId?: string; blockKey?: string },
    span: Span,
  ): Promise<HandlingResult> {
    const tx = new LazyTransaction(this.deps.dataSource);
    const started = performance.now();
    const outcome = await this.deps.pipeline.run(tx, record, envelope);
    const handlerMs = performance.now() - started;
    const { settlement, result } = settlementFor(this.deps, record, envelope, outcome);
    if (where.parkedId) settlement.parkedId = where.parkedId;
    if (settlement.block && where.blockKey) settlement.block.key = where.blockKey;
    const accepted = await this.deps.committer.settle(settlement, tx);
    const [count, reason] = accepted ? countOf(result, outcome) : (['duplicate', 'none'] as const);
    span.setAttribute('handoff.outcome', count);
    // Waiting on an outside completion (the MNO's async order) is the flow, not a failure.
    if (outcome.kind !== 'done' && count !== 'waiting') failSpan(span, outcome.error);
    this.deps.metrics.settled(this.deps.groupId, count, reason, handlerMs);
    return accepted ? result : 'duplicate';
  }

  /**
   * A record that cannot be decoded, or is refused as it is decoded (a card number), goes straight
   * to the dead letter.
   */
  async deadLetterUndecodable(
    record: IncomingRecord,
    error: unknown,
    parkedId?: string,
  ): Promise<void> {
    const settlement: Settlement = {
      records: [deadLetterRecord(record, error, stageOf(error, 'deserialize'), this.deps.failure)],
      parkedId,
    };
    logFailure(this.deps, record, error, 'dead-lettered');
    await this.deps.committer.settle(settlement, new LazyTransaction(this.deps.dataSource));
    this.deps.metrics.settled(this.deps.groupId, 'dead_lettered', failureReason(error));
  }
}

/** `result` decides, not the outcome: a retry with no tier left was dead-lettered. */
export function countOf(result: HandlingResult, outcome: RecordOutcome): [RecordCount, string] {
  if (outcome.kind === 'done') return ['handled', 'none'];
  const reason = failureReason(outcome.error);
  return result === 'retrying' ? [retryCount(outcome.error), reason] : ['dead_lettered', reason];
}

/** What came of a handling, as the rows to write: processed, sent to the retry path, or dead-lettered. */
export function settlementFor(
  deps: ConsumerDeps,
  record: IncomingRecord,
  envelope: EventEnvelope,
  outcome: RecordOutcome,
): { settlement: Settlement; result: HandlingResult } {
  if (outcome.kind === 'done') {
    return {
      settlement: { processedEventId: envelope.id, records: outcome.emitted },
      result: 'done',
    };
  }
  const retry =
    outcome.kind === 'retry' ? nextRetryRecord(record, outcome.error, deps.failure) : undefined;
  if (retry) {
    logFailure(deps, record, outcome.error, 'sent to the retry path', envelope);
    return {
      settlement: { records: [retry], block: { key: envelope.subject, eventId: envelope.id } },
      result: 'retrying',
    };
  }
  const error = finalError(outcome.error);
  const stage = failureStage({ ...outcome, error });
  const deadLetter = deadLetterRecord(record, error, stage, deps.failure);
  const fact = deps.stamper.stamp(deadLetterRecorded(deadLetter, envelope, deps.groupId), envelope);
  logFailure(deps, record, error, 'dead-lettered', envelope);
  return { settlement: { records: [deadLetter, fact] }, result: 'dead-lettered' };
}

export function logFailure(
  deps: ConsumerDeps,
  record: IncomingRecord,
  error: unknown,
  what: string,
  envelope?: EventEnvelope,
): void {
  deps.log.warn(
    {
      groupId: deps.groupId,
      topic: record.topic,
      partition: record.partition,
      offset: record.offset,
      eventId: envelope?.id,
      eventType: envelope?.type,
      correlationId: envelope?.correlationId,
      error: error instanceof Error ? { name: error.name, message: error.message } : String(error),
    },
    `record ${what}`,
  );
}
