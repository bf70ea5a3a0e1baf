import type { QueryRunner } from 'typeorm';
import type { EventEnvelope } from '../envelope/event-envelope';
import type { OutboxRow } from '../outbox/outbox.store';
import type { IncomingRecord, OutgoingRecord } from '../port/messaging.port';
import { inTransaction, type ConsumerDeps } from './consumer-deps';
import { deadLetterRecorded } from './dead-letter-fact';
import { deadLetterRecord, failureStage, nextRetryRecord } from './failure-records';

type Decoded =
  { record: IncomingRecord; envelope: EventEnvelope } | { record: IncomingRecord; error: unknown };

/**
 * Handles records from the source topics, one fetched chunk per transaction: one inbox look-up,
 * one block look-up, the handlers, then one multi-row insert each for inbox and outbox. Records
 * bound for the retry path or a dead letter are acknowledged by the broker before the transaction
 * commits, and offsets are committed only after it has.
 */
export class MainBatchProcessor {
  constructor(private readonly deps: ConsumerDeps) {}

  async process(records: readonly IncomingRecord[]): Promise<void> {
    const decoded = records.map((record) => this.decode(record));
    const written = await inTransaction(this.deps.dataSource, (qr) => this.handleAll(qr, decoded));
    await this.deps.fastPath.publish(written);
  }

  private decode(record: IncomingRecord): Decoded {
    try {
      return { record, envelope: this.deps.codec.fromRecord(record) };
    } catch (error) {
      return { record, error };
    }
  }

  private async handleAll(qr: QueryRunner, items: Decoded[]): Promise<OutboxRow[]> {
    const { inbox, parking, groupId } = this.deps;
    const envelopes = items.flatMap((i) => ('envelope' in i ? [i.envelope] : []));
    const seen = await inbox.processedAmong(
      qr,
      groupId,
      envelopes.map((e) => e.id),
    );
    const blocked = await parking.lockBlockedAmong(qr, groupId, [
      ...new Set(envelopes.map((e) => e.subject)),
    ]);
    const processed: string[] = [];
    const emitted: OutgoingRecord[] = [];
    const failures: OutgoingRecord[] = [];

    for (const item of items) {
      if (!('envelope' in item)) {
        failures.push(deadLetterRecord(item.record, item.error, 'deserialize', this.deps.failure));
        this.logFailure(item.record, item.error, 'dead-lettered');
        continue;
      }
      const { record, envelope } = item;
      if (seen.has(envelope.id)) continue;
      seen.add(envelope.id);
      if (blocked.has(envelope.subject)) {
        await parking.park(qr, groupId, envelope.subject, envelope.id, record);
        continue;
      }
      const outcome = await this.deps.pipeline.run(qr, record, envelope);
      if (outcome.kind === 'done') {
        processed.push(envelope.id);
        emitted.push(...outcome.emitted);
      } else {
        const retry =
          outcome.kind === 'retry'
            ? nextRetryRecord(record, outcome.error, this.deps.failure)
            : undefined;
        if (retry) {
          failures.push(retry);
          await parking.block(qr, groupId, envelope.subject, envelope.id);
          blocked.add(envelope.subject);
          this.logFailure(record, outcome.error, 'sent to the retry path', envelope);
        } else {
          const deadLetter = deadLetterRecord(
            record,
            outcome.error,
            failureStage(outcome),
            this.deps.failure,
          );
          failures.push(deadLetter);
          emitted.push(
            this.deps.stamper.stamp(deadLetterRecorded(deadLetter, envelope, groupId), envelope),
          );
          this.logFailure(record, outcome.error, 'dead-lettered', envelope);
        }
      }
    }
    await inbox.record(qr, groupId, processed);
    const written = await this.deps.outbox.insert(qr, emitted, this.deps.fastPath.relayAfterMs);
    await this.deps.producer.send(failures);
    return written;
  }

  private logFailure(
    record: IncomingRecord,
    error: unknown,
    what: string,
    envelope?: EventEnvelope,
  ): void {
    this.deps.log.warn(
      {
        groupId: this.deps.groupId,
        topic: record.topic,
        partition: record.partition,
        offset: record.offset,
        eventId: envelope?.id,
        eventType: envelope?.type,
        correlationId: envelope?.correlationId,
        error:
          error instanceof Error ? { name: error.name, message: error.message } : String(error),
      },
      `record ${what}`,
    );
  }
}
