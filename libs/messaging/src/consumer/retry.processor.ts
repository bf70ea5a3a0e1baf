import type { QueryRunner } from 'typeorm';
import type { EventEnvelope } from '../envelope/event-envelope';
import { RetryHeaders } from '../envelope/headers';
import type { IncomingRecord, OutgoingRecord } from '../port/messaging.port';
import { inTransaction, type ConsumerDeps } from './consumer-deps';
import { deadLetterRecorded } from './dead-letter-fact';
import { deadLetterRecord, failureStage, nextRetryRecord } from './failure-records';
import type { RecordOutcome } from './record-pipeline';

interface Unit {
  sends: OutgoingRecord[];
  emitted: OutgoingRecord[];
}

/**
 * Handles records from this group's retry tiers, one transaction per record (retries are rare,
 * and each may release a blocked subscriber). A record that is not due yet pauses its partition
 * instead of sleeping, so the consumer keeps its heartbeat and other partitions keep flowing.
 */
export class RetryProcessor {
  constructor(private readonly deps: ConsumerDeps) {}

  /** Milliseconds until the record is due, or 0 when it can be handled now. */
  static waitFor(record: IncomingRecord, now = Date.now()): number {
    return Math.max(0, Number(record.headers[RetryHeaders.dueAt] ?? 0) - now);
  }

  async process(record: IncomingRecord): Promise<void> {
    const unit: Unit = { sends: [], emitted: [] };
    const written = await inTransaction(this.deps.dataSource, async (qr) => {
      await this.handle(qr, record, unit);
      const rows = await this.deps.outbox.insert(qr, unit.emitted, this.deps.fastPath.relayAfterMs);
      await this.deps.producer.send(unit.sends);
      return rows;
    });
    await this.deps.fastPath.publish(written);
  }

  private async handle(qr: QueryRunner, record: IncomingRecord, unit: Unit): Promise<void> {
    let envelope: EventEnvelope;
    try {
      envelope = this.deps.codec.fromRecord(record);
    } catch (error) {
      unit.sends.push(deadLetterRecord(record, error, 'deserialize', this.deps.failure));
      return;
    }
    const { parking, inbox, groupId } = this.deps;
    const key = envelope.subject;
    const blocker = await parking.lockBlocker(qr, groupId, key);
    const alreadyDone = (await inbox.processedAmong(qr, groupId, [envelope.id])).has(envelope.id);
    if (!alreadyDone && blocker !== undefined && blocker !== envelope.id) {
      // Another event of this subscriber is ahead in the retry path: queue behind it.
      await parking.park(qr, groupId, key, envelope.id, record);
      return;
    }
    const stillBlocking = alreadyDone ? false : await this.attempt(qr, record, envelope, unit);
    if (!stillBlocking && blocker === envelope.id) await this.drain(qr, key, unit);
  }

  /** Runs the handler; true when the record went back into the retry path (and blocks its key). */
  private async attempt(
    qr: QueryRunner,
    record: IncomingRecord,
    envelope: EventEnvelope,
    unit: Unit,
  ): Promise<boolean> {
    const outcome = await this.deps.pipeline.run(qr, record, envelope);
    return this.route(qr, record, envelope, outcome, unit);
  }

  private async route(
    qr: QueryRunner,
    record: IncomingRecord,
    envelope: EventEnvelope,
    outcome: RecordOutcome,
    unit: Unit,
  ): Promise<boolean> {
    if (outcome.kind === 'done') {
      await this.deps.inbox.record(qr, this.deps.groupId, [envelope.id]);
      unit.emitted.push(...outcome.emitted);
      return false;
    }
    const retry =
      outcome.kind === 'retry'
        ? nextRetryRecord(record, outcome.error, this.deps.failure)
        : undefined;
    if (retry) {
      unit.sends.push(retry);
      await this.deps.parking.block(qr, this.deps.groupId, envelope.subject, envelope.id);
      this.log(envelope, outcome.error, 'sent back to the retry path');
      return true;
    }
    const deadLetter = deadLetterRecord(
      record,
      outcome.error,
      failureStage(outcome),
      this.deps.failure,
    );
    unit.sends.push(deadLetter);
    unit.emitted.push(
      this.deps.stamper.stamp(
        deadLetterRecorded(deadLetter, envelope, this.deps.groupId),
        envelope,
      ),
    );
    this.log(envelope, outcome.error, 'dead-lettered');
    return false;
  }

  /** The blocker is done: hand the parked events of this subscriber to the handler, in order. */
  private async drain(qr: QueryRunner, key: string, unit: Unit): Promise<void> {
    const { parking, inbox, groupId } = this.deps;
    for (const parked of await parking.parkedFor(qr, groupId, key)) {
      await parking.removeParked(qr, parked.id);
      let envelope: EventEnvelope;
      try {
        envelope = this.deps.codec.fromRecord(parked.record);
      } catch (error) {
        unit.sends.push(deadLetterRecord(parked.record, error, 'deserialize', this.deps.failure));
        continue;
      }
      if ((await inbox.processedAmong(qr, groupId, [envelope.id])).has(envelope.id)) continue;
      if (await this.attempt(qr, parked.record, envelope, unit)) return;
    }
    await parking.unblock(qr, groupId, key);
  }

  private log(envelope: EventEnvelope, error: unknown, what: string): void {
    this.deps.log.warn(
      {
        groupId: this.deps.groupId,
        eventId: envelope.id,
        eventType: envelope.type,
        correlationId: envelope.correlationId,
        error:
          error instanceof Error ? { name: error.name, message: error.message } : String(error),
      },
      `retried record ${what}`,
    );
  }
}
