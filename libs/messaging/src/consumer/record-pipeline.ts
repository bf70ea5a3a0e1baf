import type { Tracer } from '@opentelemetry/api';
import { classifyError, stageOf, type FailureStage } from '@handoff/resilience';
import type { EventEnvelope } from '../envelope/event-envelope';
import type { OutgoingRecord, IncomingRecord } from '../port/messaging.port';
import type { EventStamper } from '../producer/event-stamper';
import { inHandlerSpan } from '../tracing/consumer-spans';
import { attemptsSoFar } from './failure-records';
import { RecordContext, type EventHandler } from './handler-context';
import type { LazyTransaction } from './lazy-transaction';

export type RecordOutcome =
  | { kind: 'done'; emitted: OutgoingRecord[] }
  | { kind: 'retry'; error: unknown }
  | { kind: 'dead-letter'; error: unknown; stage: FailureStage };

/** Runs one handler and turns whatever it did into an outcome the runner can route. */
export class RecordPipeline {
  constructor(
    private readonly groupId: string,
    private readonly handler: EventHandler,
    private readonly stamper: EventStamper,
    private readonly tracer: Tracer,
  ) {}

  /**
   * A failure rolls back what the handler wrote; success and a business rejection leave the
   * transaction (if the handler opened one) for the runner to settle the record in.
   */
  async run(
    tx: LazyTransaction,
    record: IncomingRecord,
    envelope: EventEnvelope,
  ): Promise<RecordOutcome> {
    const attempt = attemptsSoFar(record) + 1;
    const ctx = new RecordContext(
      envelope,
      this.groupId,
      attempt,
      record.headers,
      tx,
      this.stamper,
    );
    try {
      await inHandlerSpan(this.tracer, envelope, attempt, () => this.handler(envelope, ctx));
      return { kind: 'done', emitted: ctx.emitted };
    } catch (error) {
      const errorClass = classifyError(error);
      // A rejection is an outcome: the handler should have emitted its event and returned. One
      // that escapes keeps what the handler wrote and emitted, and is not a dead letter.
      if (errorClass !== 'business-rejection') await tx.rollback();
      if (errorClass === 'business-rejection') return { kind: 'done', emitted: ctx.emitted };
      if (errorClass === 'retryable') return { kind: 'retry', error };
      return { kind: 'dead-letter', error, stage: stageOf(error, 'vendor-call') };
    }
  }
}
