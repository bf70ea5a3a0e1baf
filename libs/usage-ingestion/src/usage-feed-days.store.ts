import type { EntityManager } from 'typeorm';

/** What one batch or housekeeping pass adds to its day of arrival's counts. */
export interface FeedCounts {
  received?: number;
  duplicates?: number;
  guided?: number;
  recycled?: number;
  late?: number;
  reguided?: number;
  expired?: number;
}

const COUNTERS = [
  'received',
  'duplicates',
  'guided',
  'recycled',
  'late',
  'reguided',
  'expired',
] as const;

export interface FeedDelay {
  /** The newest start time of any record received. */
  newestRecordAt: Date | null;
  lastReceivedAt: Date | null;
  /** Now minus the newest record's start time, in seconds; null before any record. */
  delaySeconds: number | null;
}

/**
 * `usage_feed_days`: the feed's counts per UTC day of arrival, and the newest record time, from
 * which its delay is read. One row per day, updated once per batch, last in the batch's
 * transaction so its lock is held briefly.
 */
export class FeedDayStore {
  async count(
    db: EntityManager,
    at: Date,
    counts: FeedCounts,
    newestRecordAt: Date | null = null,
  ): Promise<void> {
    await db.query(
      `INSERT INTO usage_feed_days AS f (feed_day, ${COUNTERS.join(', ')},
         newest_record_at, last_received_at)
       VALUES (($1::timestamptz AT TIME ZONE 'UTC')::date, ${COUNTERS.map((_, i) => `$${i + 3}`).join(', ')},
         $2, CASE WHEN $2::timestamptz IS NULL THEN NULL ELSE $1::timestamptz END)
       ON CONFLICT (feed_day) DO UPDATE SET
         ${COUNTERS.map((c) => `${c} = f.${c} + EXCLUDED.${c}`).join(', ')},
         newest_record_at = GREATEST(f.newest_record_at, EXCLUDED.newest_record_at),
         last_received_at = GREATEST(f.last_received_at, EXCLUDED.last_received_at)`,
      [at, newestRecordAt, ...COUNTERS.map((c) => counts[c] ?? 0)],
    );
  }

  /** The feed's delay for an SLA check: now minus the newest record time ever received. */
  async delay(db: EntityManager): Promise<FeedDelay> {
    const [row] = await db.query<
      { newest: Date | null; last: Date | null; delay: string | null }[]
    >(
      `SELECT max(newest_record_at) AS newest, max(last_received_at) AS last,
              extract(epoch FROM now() - max(newest_record_at)) AS delay
         FROM usage_feed_days`,
    );
    return {
      newestRecordAt: row?.newest ?? null,
      lastReceivedAt: row?.last ?? null,
      delaySeconds: row?.delay == null ? null : Math.round(Number(row.delay)),
    };
  }
}
