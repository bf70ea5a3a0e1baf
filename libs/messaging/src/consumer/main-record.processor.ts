import type { EventEnvelope } from '../envelope/event-envelope';
import type { IncomingRecord } from '../port/messaging.port';
import type { ConsumerDeps } from './consumer-deps';
import { inTransaction } from './in-transaction';
import type { DecodedRecord } from './decoded-record';
import type { RecordHandling } from './record-handling';

/**
 * One record from a source topic, checked just before it runs: passed by when the handler ignores
 * its type, skipped when processed, parked
 * when an earlier event of its subscriber waits in the retry path, else handled and settled.
 */
export class MainRecordProcessor {
  constructor(
    private readonly deps: ConsumerDeps,
    private readonly handling: RecordHandling,
  ) {}

  async process(item: DecodedRecord): Promise<void> {
    if (!('envelope' in item)) {
      await this.handling.deadLetterUndecodable(item.record, item.error);
      return;
    }
    const { record, envelope } = item;
    if (!this.deps.handles(envelope.type)) return;
    const state = await this.deps.reader.read(envelope.id, envelope.subject);
    if (state.processed) return;
    // Its own block: it went to the retry path just before a crash, and its retry copy carries on.
    if (state.blocker === envelope.id || state.blocksKey !== undefined) return;
    if (state.blocker !== undefined && (await parkBehindBlocker(this.deps, record, envelope))) {
      return;
    }
    await this.handling.run(record, envelope);
  }
}

/**
 * Parks the record behind its key's blocker, under a shared lock on the block row so a drain
 * cannot release the key in between. False when the block is gone by then: run the record.
 */
export async function parkBehindBlocker(
  deps: ConsumerDeps,
  record: IncomingRecord,
  envelope: EventEnvelope,
): Promise<boolean> {
  const { parking, groupId } = deps;
  return inTransaction(deps.dataSource, async (qr) => {
    const blocked = await parking.lockBlockedAmong(qr, groupId, [envelope.subject]);
    if (!blocked.has(envelope.subject)) return false;
    await parking.park(qr, groupId, envelope.subject, envelope.id, record);
    return true;
  }).then((parked) => {
    if (parked) deps.metrics.parked(groupId);
    return parked;
  });
}
