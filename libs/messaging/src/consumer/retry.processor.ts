import { RetryHeaders } from '../envelope/headers';
import type { IncomingRecord } from '../port/messaging.port';
import type { ConsumerDeps } from './consumer-deps';
import { inTransaction } from './in-transaction';
import { decodeRecord, type DecodedRecord } from './decoded-record';
import { parkBehindBlocker } from './main-record.processor';
import type { ParkedRecord } from './parking.store';
import type { RecordHandling } from './record-handling';
import { LazyTransaction } from './lazy-transaction';

/**
 * One record from this group's retry tiers. When the record that blocked its subscriber is done
 * (succeeded or dead-lettered), the events parked behind it are handled in order, each in its own
 * settlement, until one goes back to the retry path or none is left and the key is released.
 * No transaction stays open across a handler.
 */
export class RetryProcessor {
  constructor(
    private readonly deps: ConsumerDeps,
    private readonly handling: RecordHandling,
  ) {}

  /** Milliseconds until the record is due, or 0 when it can be handled now. */
  static waitFor(record: IncomingRecord, now = Date.now()): number {
    return Math.max(0, Number(record.headers[RetryHeaders.dueAt] ?? 0) - now);
  }

  async process(item: DecodedRecord): Promise<void> {
    if (!('envelope' in item)) {
      await this.handling.deadLetterUndecodable(item.record, item.error);
      return;
    }
    const { record, envelope } = item;
    const state = await this.deps.reader.read(envelope.id, envelope.subject);
    // The key it blocks is found by its event id, so a block moved to another key (a migration
    // from ICCID to subscriber id) is still released by the record that holds it.
    const heldKey = state.blocksKey;
    const blockedByAnother = state.blocker !== undefined && state.blocker !== envelope.id;
    if (!state.processed && heldKey === undefined && blockedByAnother) {
      // Another event of this subscriber is ahead in the retry path: queue behind it.
      if (await parkBehindBlocker(this.deps, record, envelope)) return;
    }
    const result = state.processed
      ? 'done'
      : await this.handling.run(record, envelope, { blockKey: heldKey });
    if (result !== 'retrying' && heldKey !== undefined) await this.drain(heldKey);
  }

  private async drain(key: string): Promise<void> {
    for (;;) {
      const parked = await this.nextParkedOrRelease(key);
      if (!parked) return;
      if ((await this.runParked(key, parked)) === 'retrying') return;
    }
  }

  private async runParked(key: string, parked: ParkedRecord): Promise<string> {
    // Parked before a restart, its writer schema may not be cached: a registry outage throws here,
    // and the lane tries the record again in place (its key waits, nothing is dead-lettered).
    await this.deps.codec.prepare([parked.record]);
    const item = decodeRecord(this.deps.codec, parked.record);
    if (!('envelope' in item)) {
      await this.handling.deadLetterUndecodable(item.record, item.error, parked.id);
      return 'dead-lettered';
    }
    const state = await this.deps.reader.read(item.envelope.id, key);
    const result = state.processed
      ? 'duplicate'
      : await this.handling.run(parked.record, item.envelope, {
          parkedId: parked.id,
          blockKey: key,
        });
    if (result === 'duplicate') await this.forget(parked);
    return result;
  }

  /** A parked copy of an event processed already: only its row goes. */
  private async forget(parked: ParkedRecord): Promise<void> {
    await this.deps.committer.settle(
      { records: [], parkedId: parked.id },
      new LazyTransaction(this.deps.dataSource),
    );
  }

  /** The first event parked behind `key`, or none: then the key is released, under the block row's lock. */
  private async nextParkedOrRelease(key: string): Promise<ParkedRecord | undefined> {
    const { parking, groupId } = this.deps;
    return inTransaction(this.deps.dataSource, async (qr) => {
      await parking.lockBlocker(qr, groupId, key);
      const [first] = await parking.parkedFor(qr, groupId, key, 1);
      if (!first) await parking.unblock(qr, groupId, key);
      return first;
    });
  }
}
