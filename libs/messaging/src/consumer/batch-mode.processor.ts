import type { EntityManager, QueryRunner } from 'typeorm';
import { classifyError, stageOf } from '@handoff/resilience';
import type { EventEnvelope, NewEvent } from '../envelope/event-envelope';
import type { EventStamper } from '../producer/event-stamper';
import type { OutgoingRecord, IncomingRecord } from '../port/messaging.port';
import type { BatchContext, BatchHandler } from './batch-handler';
import type { ConsumerDeps } from './consumer-deps';
import { inTransaction } from './in-transaction';
import { decodeRecord } from './decoded-record';
import { deadLetterRecord } from './failure-records';
import { failureReason, type RecordCount } from './consumer-metrics';
import { countOf, logFailure, settlementFor } from './record-handling';
import type { RecordOutcome } from './record-pipeline';
import { SettlementWriter, type Settlement } from './settlement';

interface Ready {
  record: IncomingRecord;
  envelope: EventEnvelope;
}

const SAVEPOINT = 'handoff_batch';

/**
 * A fetched chunk in one transaction for a batch handler: one inbox look-up, one block look-up,
 * the handler once for every record it may run, one multi-row insert each for inbox and outbox.
 * Offsets are committed by the caller once this has committed.
 */
export class BatchModeProcessor {
  private readonly writer: SettlementWriter;

  constructor(
    private readonly deps: ConsumerDeps,
    private readonly handler: BatchHandler,
  ) {
    this.writer = new SettlementWriter(deps);
  }

  async process(records: readonly IncomingRecord[]): Promise<void> {
    const tally = new ChunkTally(this.deps);
    const written = await inTransaction(this.deps.dataSource, (qr) =>
      this.handleChunk(qr, records, tally),
    );
    tally.report();
    await this.deps.fastPath.publish(written);
  }

  private async handleChunk(
    qr: QueryRunner,
    records: readonly IncomingRecord[],
    tally: ChunkTally,
  ) {
    const { inbox, parking, groupId, codec } = this.deps;
    const decoded = records.map((r) => decodeRecord(codec, r));
    const envelopes = decoded.flatMap((d) => ('envelope' in d ? [d.envelope] : []));
    const seen = await inbox.processedAmong(
      qr,
      groupId,
      envelopes.map((e) => e.id),
    );
    const blocked = await parking.lockBlockedAmong(qr, groupId, [
      ...new Set(envelopes.map((e) => e.subject)),
    ]);
    const settlements: Settlement[] = [];
    const ready: Ready[] = [];
    for (const item of decoded) {
      if (!('envelope' in item)) {
        logFailure(this.deps, item.record, item.error, 'dead-lettered');
        tally.add('dead_lettered', failureReason(item.error));
        settlements.push({
          records: [
            deadLetterRecord(
              item.record,
              item.error,
              stageOf(item.error, 'deserialize'),
              this.deps.failure,
            ),
          ],
        });
      } else if (!seen.has(item.envelope.id)) {
        seen.add(item.envelope.id);
        if (blocked.has(item.envelope.subject)) {
          await parking.park(qr, groupId, item.envelope.subject, item.envelope.id, item.record);
          tally.add('parked');
        } else ready.push(item);
      }
    }
    settlements.push(...(await this.handleReady(qr, ready, blocked, tally)));
    return (await this.writer.write(qr, settlements)).rows;
  }

  private async handleReady(
    qr: QueryRunner,
    ready: Ready[],
    blocked: Set<string>,
    tally: ChunkTally,
  ): Promise<Settlement[]> {
    if (ready.length === 0) return [];
    const whole = await this.attempt(qr, ready);
    if (whole.kind === 'done') {
      ready.forEach(() => tally.add('handled'));
      return [await this.processed(qr, ready, whole.emitted)];
    }
    const settlements: Settlement[] = [];
    for (const item of ready) {
      if (blocked.has(item.envelope.subject)) {
        await this.deps.parking.park(
          qr,
          this.deps.groupId,
          item.envelope.subject,
          item.envelope.id,
          item.record,
        );
        tally.add('parked');
        continue;
      }
      const outcome = await this.attempt(qr, [item]);
      if (outcome.kind === 'done') {
        tally.add('handled');
        settlements.push(await this.processed(qr, [item], outcome.emitted));
        continue;
      }
      const { settlement, result } = settlementFor(this.deps, item.record, item.envelope, outcome);
      tally.add(...countOf(result, outcome));
      if (settlement.block) blocked.add(item.envelope.subject);
      settlements.push(settlement);
    }
    return settlements;
  }

  private async processed(
    qr: QueryRunner,
    items: readonly Ready[],
    emitted: OutgoingRecord[],
  ): Promise<Settlement> {
    await this.deps.inbox.record(
      qr,
      this.deps.groupId,
      items.map((i) => i.envelope.id),
    );
    return { records: emitted };
  }

  /** The handler over `items` inside a savepoint: a failure undoes its writes and nothing else. */
  private async attempt(qr: QueryRunner, items: readonly Ready[]): Promise<RecordOutcome> {
    const ctx = new ChunkContext(this.deps.groupId, qr.manager, this.deps.stamper);
    await qr.query(`SAVEPOINT ${SAVEPOINT}`);
    try {
      await this.handler(
        items.map((i) => i.envelope),
        ctx,
      );
      await qr.query(`RELEASE SAVEPOINT ${SAVEPOINT}`);
      return { kind: 'done', emitted: ctx.emitted };
    } catch (error) {
      const errorClass = classifyError(error);
      if (errorClass === 'business-rejection') {
        await qr.query(`RELEASE SAVEPOINT ${SAVEPOINT}`);
        return { kind: 'done', emitted: ctx.emitted };
      }
      await qr.query(`ROLLBACK TO SAVEPOINT ${SAVEPOINT}`);
      return errorClass === 'retryable'
        ? { kind: 'retry', error }
        : { kind: 'dead-letter', error, stage: stageOf(error, 'vendor-call') };
    }
  }
}

/**
 * What came of a chunk's records, reported once its transaction has committed: a chunk rolled
 * back is fetched and counted again.
 */
class ChunkTally {
  private readonly counts: [RecordCount | 'parked', string][] = [];

  constructor(private readonly deps: ConsumerDeps) {}

  add(count: RecordCount | 'parked', reason = 'none'): void {
    this.counts.push([count, reason]);
  }

  report(): void {
    const { metrics, groupId } = this.deps;
    for (const [count, reason] of this.counts) {
      if (count === 'parked') metrics.parked(groupId);
      else metrics.settled(groupId, count, reason);
    }
  }
}

class ChunkContext implements BatchContext {
  readonly emitted: OutgoingRecord[] = [];

  constructor(
    readonly groupId: string,
    private readonly manager: EntityManager,
    private readonly stamper: EventStamper,
  ) {}

  transaction(): Promise<EntityManager> {
    return Promise.resolve(this.manager);
  }

  emit<T>(event: NewEvent<T>, cause: EventEnvelope): void {
    this.emitted.push(this.stamper.stamp(event, cause));
  }
}
