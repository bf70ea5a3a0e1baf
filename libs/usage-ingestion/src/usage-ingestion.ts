import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { identifyLines } from '@handoff/activation-saga';
import { recordLedger } from '@handoff/audit';
import { EventTypes } from '@handoff/contracts';
import type { BatchHandler, EventEnvelope } from '@handoff/messaging';
import { FeedDayStore, type FeedCounts } from './usage-feed-days.store';
import { validUsage, type ValidUsage } from './usage-record';
import { UsageRecordStore, type UsageRow } from './usage-record.store';
import { sumByDay, UsageTotalsStore } from './usage-totals.store';

export const USAGE_FEED_POINT = 'mno-usage-feed-to-handoff';

export interface UsageIngestionOptions {
  lateAfterMs: number;
  /** `handoff/usage`: the ledger's actor for each batch accepted. */
  actor: string;
  ownerTeam: string;
  now?: () => Date;
}

/**
 * Takes a fetched batch of feed records to their TMF635 state in five statements whatever its
 * size: one look-up of their lines, one insert of the new record ids (the rest are duplicates),
 * one upsert of the day totals they add to, one count of the feed day, one ledger row. A record
 * that fails validation throws, and the runner hands the batch over one record at a time so that
 * only that one is dead-lettered.
 */
export class UsageIngestion {
  private readonly records = new UsageRecordStore();
  private readonly totals = new UsageTotalsStore();
  private readonly feedDays = new FeedDayStore();
  private readonly now: () => Date;

  constructor(private readonly options: UsageIngestionOptions) {
    this.now = options.now ?? (() => new Date());
  }

  readonly handle: BatchHandler = async (envelopes, ctx) => {
    await this.ingest(await ctx.transaction(), envelopes);
  };

  async ingest(db: EntityManager, envelopes: readonly EventEnvelope[]): Promise<FeedCounts> {
    const at = this.now();
    const unique = firstOfEachRecord(envelopes.map((e) => validUsage(e, at)));
    const lines = await identifyLines(
      db,
      unique.map((u) => ({ imsi: u.imsi, msisdn: u.msisdn, at: u.startedAt })),
    );
    const rows: UsageRow[] = unique.map((u, i) => ({
      ...u,
      line: lines[i],
      state: lines[i] ? 'guided' : 'recycled',
      late: at.getTime() - u.startedAt.getTime() > this.options.lateAfterMs,
    }));
    const fresh = await this.records.insertNew(db, rows, at);
    const accepted = rows.filter((r) => fresh.has(r.recordId));
    const guided = accepted.flatMap((r) =>
      r.line ? [{ ...r, subscriberId: r.line.subscriberId, planCode: r.line.planCode }] : [],
    );
    await this.totals.add(db, sumByDay(guided));
    const counts: FeedCounts = {
      received: envelopes.length,
      duplicates: envelopes.length - accepted.length,
      guided: guided.length,
      recycled: accepted.length - guided.length,
      late: accepted.filter((r) => r.late).length,
    };
    await this.feedDays.count(db, at, counts, newest(accepted));
    await this.audit(db, envelopes, counts, at);
    return counts;
  }

  /** One ledger row per batch accepted, with its counts by state: the record ids are in usage_records. */
  private async audit(
    db: EntityManager,
    envelopes: readonly EventEnvelope[],
    counts: FeedCounts,
    at: Date,
  ): Promise<void> {
    const batchId = randomUUID();
    await recordLedger(db, [
      {
        occurredAt: at,
        correlationId: envelopes.length === 1 ? envelopes[0].correlationId : batchId,
        eventType: EventTypes.UsageRecordDelivered,
        kind: 'event-consumed',
        actor: this.options.actor,
        integrationPoint: USAGE_FEED_POINT,
        ownerTeam: this.options.ownerTeam,
        summary: { batchId, ...counts },
        outcome: 'ok',
      },
    ]);
  }
}

/** A record id twice in one batch (a re-sent record under a new event id) is kept once. */
function firstOfEachRecord(records: readonly ValidUsage[]): ValidUsage[] {
  const seen = new Set<string>();
  return records.filter((r) => !seen.has(r.recordId) && seen.add(r.recordId));
}

function newest(rows: readonly UsageRow[]): Date | null {
  let max: Date | null = null;
  for (const r of rows) if (!max || r.startedAt > max) max = r.startedAt;
  return max;
}
