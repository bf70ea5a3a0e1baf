import type { DataSource, QueryRunner } from 'typeorm';
import type { OutboxFastPath } from '../outbox/outbox-fast-path';
import type { OutboxRow, OutboxStore } from '../outbox/outbox.store';
import type { OutgoingRecord } from '../port/messaging.port';
import type { InboxStore } from './inbox.store';
import type { LazyTransaction } from './lazy-transaction';
import { MicroBatcher } from './micro-batcher';
import { inTransaction } from './in-transaction';
import type { ParkingStore } from './parking.store';

/**
 * What the handling of one record leaves behind, written in one transaction. Retry and
 * dead-letter records go through the outbox like emitted events: they reach Kafka only once the
 * block row that goes with them has committed, so a fast retry can never overtake its own block.
 */
export interface Settlement {
  /** Marks the event processed; a settlement whose event is already in the inbox is dropped whole. */
  processedEventId?: string;
  /** Emitted events, the retry or dead-letter record, the facts the runner announces. */
  records: OutgoingRecord[];
  /** The event went to the retry path: later events of its key wait behind it. */
  block?: { key: string; eventId: string };
  /** The parked row this handling consumed. */
  parkedId?: string;
}

export interface SettlementDeps {
  groupId: string;
  dataSource: DataSource;
  inbox: InboxStore;
  parking: ParkingStore;
  outbox: OutboxStore;
  fastPath: OutboxFastPath;
}

/** Writes settlements in the caller's transaction. */
export class SettlementWriter {
  constructor(private readonly deps: SettlementDeps) {}

  /** `accepted[i]` is false for a settlement whose event the inbox already had: nothing of it is written. */
  async write(
    qr: QueryRunner,
    settlements: readonly Settlement[],
  ): Promise<{ accepted: boolean[]; rows: OutboxRow[] }> {
    const { inbox, parking, outbox, groupId, fastPath } = this.deps;
    const ids = settlements.flatMap((s) => (s.processedEventId ? [s.processedEventId] : []));
    const fresh = await inbox.recordNew(qr, groupId, ids);
    const accepted = settlements.map((s) => !s.processedEventId || fresh.has(s.processedEventId));
    const kept = settlements.filter((_, i) => accepted[i]);
    for (const { block } of kept) {
      if (block) await parking.block(qr, groupId, block.key, block.eventId);
    }
    await parking.removeParked(
      qr,
      kept.flatMap((s) => (s.parkedId ? [s.parkedId] : [])),
    );
    const rows = await outbox.insert(
      qr,
      kept.flatMap((s) => s.records),
      fastPath.relayAfterMs,
    );
    return { accepted, rows };
  }
}

/**
 * Settles handlings: in the handler's own transaction when it opened one, otherwise together with
 * whatever else finished meanwhile, in one shared transaction (a group commit). Resolves to false
 * when the event had been processed already (by a copy handled at the same time).
 */
export class SettlementCommitter {
  private readonly shared: MicroBatcher<Settlement, boolean>;
  private readonly writer: SettlementWriter;

  constructor(private readonly deps: SettlementDeps) {
    this.writer = new SettlementWriter(deps);
    this.shared = new MicroBatcher((all) => this.commitShared(all));
  }

  async settle(settlement: Settlement, tx: LazyTransaction): Promise<boolean> {
    if (!tx.opened) return this.shared.load(settlement);
    let written: { accepted: boolean[]; rows: OutboxRow[] };
    try {
      written = await this.writer.write(await tx.open(), [settlement]);
      if (written.accepted[0]) await tx.commit();
      else await tx.rollback();
    } catch (error) {
      await tx.rollback();
      throw error;
    }
    await this.deps.fastPath.publish(written.rows);
    return written.accepted[0];
  }

  private async commitShared(settlements: Settlement[]): Promise<boolean[]> {
    const written = await inTransaction(this.deps.dataSource, (qr) =>
      this.writer.write(qr, settlements),
    );
    await this.deps.fastPath.publish(written.rows);
    return written.accepted;
  }
}
