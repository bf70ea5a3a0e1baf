import type { DataSource, EntityManager } from 'typeorm';
import { identifyLines } from '@handoff/activation-saga';
import { inTransaction, type NewEvent } from '@handoff/messaging';
import { formatDuration } from '@handoff/config';
import type { UsageIngestionSettings } from './usage-ingestion.config';
import { handOffEvent, rejectionEvent } from './usage-handoff.events';
import { FeedDayStore } from './usage-feed-days.store';
import { utcDay } from './usage-record';
import { UsageRecordStore } from './usage-record.store';
import { sumByDay, UsageTotalsStore } from './usage-totals.store';

const PAGE = 1_000;

export interface HousekeepingDeps {
  dataSource: DataSource;
  settings: UsageIngestionSettings;
  /** Writes events to the outbox in the caller's transaction (the backbone's `writeToOutbox`). */
  writeEvents(db: EntityManager, events: readonly NewEvent[]): Promise<void>;
  /** Called after a pass wrote events: wakes the outbox relay instead of waiting for its poll. */
  written?(): void;
  now?: () => Date;
}

export interface HousekeepingPass {
  reguided: number;
  rejected: number;
  handedOn: number;
  purged: number;
}

/**
 * What happens to usage after its batch: recycled records guided once their line appears, or
 * rejected past the recycling limit; closed days handed on to the BSS (then corrections); records
 * past the de-duplication window forgotten. Each step works a page at a time in its own
 * transaction, locking with SKIP LOCKED, so any number of instances can run it at once.
 */
export class UsageHousekeeping {
  private readonly records = new UsageRecordStore();
  private readonly totals = new UsageTotalsStore();
  private readonly feedDays = new FeedDayStore();
  private readonly now: () => Date;

  constructor(private readonly deps: HousekeepingDeps) {
    this.now = deps.now ?? (() => new Date());
  }

  async pass(): Promise<HousekeepingPass> {
    const pass = {
      reguided: await this.reguide(),
      rejected: await this.rejectExpired(),
      handedOn: await this.handOn(),
      purged: await this.purge(),
    };
    if (pass.rejected + pass.handedOn > 0) this.deps.written?.();
    return pass;
  }

  /** Every recycled record looked up again; those whose line now exists are guided and summed. */
  async reguide(): Promise<number> {
    let after: { receivedAt: Date; recordId: string } | undefined;
    let guided = 0;
    for (;;) {
      const page = await this.inTx(async (db) => {
        const recycled = await this.records.recycledPage(db, after, PAGE);
        const lines = await identifyLines(
          db,
          recycled.map((r) => ({ imsi: r.imsi, msisdn: r.msisdn, at: r.startedAt })),
        );
        const found = recycled.flatMap((r, i) => {
          const line = lines[i];
          return line
            ? [{ ...r, line, subscriberId: line.subscriberId, planCode: line.planCode }]
            : [];
        });
        const at = this.now();
        await this.records.guide(db, found, at);
        await this.totals.add(db, sumByDay(found));
        if (found.length > 0) await this.feedDays.count(db, at, { reguided: found.length });
        return { last: recycled.at(-1), found: found.length };
      });
      guided += page.found;
      if (!page.last) return guided;
      after = page.last;
    }
  }

  async rejectExpired(): Promise<number> {
    const limit = formatDuration(this.deps.settings.recycleLimitMs);
    return this.untilShortPage(PAGE, async (db, at) => {
      const before = new Date(at.getTime() - this.deps.settings.recycleLimitMs);
      const expired = await this.records.expire(db, before, PAGE, at);
      if (expired.length === 0) return 0;
      await this.deps.writeEvents(
        db,
        expired.map((r) => rejectionEvent(r, limit)),
      );
      await this.feedDays.count(db, at, { expired: expired.length });
      return expired.length;
    });
  }

  /** Days closed (their end plus the closing delay has passed) with usage not yet handed on. */
  async handOn(): Promise<number> {
    return this.untilShortPage(PAGE, async (db, at) => {
      const firstOpenDay = utcDay(new Date(at.getTime() - this.deps.settings.dayCloseAfterMs));
      const due = await this.totals.unhanded(db, firstOpenDay, PAGE);
      if (due.length === 0) return 0;
      await this.deps.writeEvents(
        db,
        due.map((a) => handOffEvent(a, at)),
      );
      await this.totals.markHanded(db, due, at);
      return due.length;
    });
  }

  async purge(): Promise<number> {
    return this.untilShortPage(PAGE * 10, (db, at) =>
      this.records.purge(
        db,
        new Date(at.getTime() - this.deps.settings.recordRetentionMs),
        PAGE * 10,
      ),
    );
  }

  /** Runs `page` in a transaction of its own until it handles fewer than `size`; the total handled. */
  private async untilShortPage(
    size: number,
    page: (db: EntityManager, at: Date) => Promise<number>,
  ): Promise<number> {
    let total = 0;
    for (;;) {
      const count = await this.inTx((db) => page(db, this.now()));
      total += count;
      if (count < size) return total;
    }
  }

  private inTx<T>(work: (db: EntityManager) => Promise<T>): Promise<T> {
    return inTransaction(this.deps.dataSource, (qr) => work(qr.manager));
  }
}
