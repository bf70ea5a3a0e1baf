import type { QueryRunner } from 'typeorm';
import { classifyError, stageOf, type FailureStage } from '@handoff/resilience';
import type { EventEnvelope } from '../envelope/event-envelope';
import type { OutgoingRecord, IncomingRecord } from '../port/messaging.port';
import type { EventStamper } from '../producer/event-stamper';
import { attemptsSoFar } from './failure-records';
import { RecordContext, type EventHandler } from './handler-context';

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
  ) {}

  async run(
    qr: QueryRunner,
    record: IncomingRecord,
    envelope: EventEnvelope,
  ): Promise<RecordOutcome> {
    const ctx = new RecordContext(
      envelope,
      this.groupId,
      attemptsSoFar(record) + 1,
      record.headers,
      qr,
      this.stamper,
    );
    try {
      await this.handler(envelope, ctx);
      await ctx.settle(true);
      return { kind: 'done', emitted: ctx.emitted };
    } catch (error) {
      const errorClass = classifyError(error);
      // A rejection is an outcome: the handler should have emitted its event and returned. One
      // that escapes keeps what the handler wrote and emitted, and is not a dead letter.
      await ctx.settle(errorClass === 'business-rejection');
      if (errorClass === 'business-rejection') return { kind: 'done', emitted: ctx.emitted };
      if (errorClass === 'retryable') return { kind: 'retry', error };
      return { kind: 'dead-letter', error, stage: stageOf(error, 'vendor-call') };
    }
  }
}
