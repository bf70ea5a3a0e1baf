import type { EntityManager } from 'typeorm';
import type { UsageMeasures, UsageType } from './usage-record';

export interface Totals extends UsageMeasures {
  recordCount: number;
}

/** What a set of guided records adds to one subscriber's day and type. */
export interface TotalsDelta extends Totals {
  subscriberId: string;
  usageDay: string;
  usageType: UsageType;
  planCode: string | null;
  lateRecords: number;
}

/** An aggregate with something not yet handed on, as the hand-off reads it (locked). */
export interface UnhandedAggregate {
  subscriberId: string;
  usageDay: string;
  usageType: UsageType;
  planCode: string | null;
  totals: Totals;
  handed: Totals;
  handedVersion: number;
  lateRecords: number;
}

const MEASURE_COLUMNS = [
  ['recordCount', 'record_count'],
  ['durationSeconds', 'duration_seconds'],
  ['messageCount', 'message_count'],
  ['bytesUp', 'bytes_up'],
  ['bytesDown', 'bytes_down'],
] as const;

/**
 * `usage_daily_totals`: guided usage per subscriber, UTC day and type (its primary key), and the
 * totals last handed on to the BSS. Reconciliation reads a period from here, never the records.
 */
export class UsageTotalsStore {
  /**
   * Adds the deltas in one statement. Rows are taken in key order, so two batches adding to the
   * same subscribers wait for each other instead of deadlocking.
   */
  async add(db: EntityManager, deltas: readonly TotalsDelta[]): Promise<void> {
    if (deltas.length === 0) return;
    const col = <T>(pick: (d: TotalsDelta) => T) => deltas.map(pick);
    await db.query(
      `INSERT INTO usage_daily_totals AS t (subscriber_id, usage_day, usage_type, plan_code,
         record_count, duration_seconds, message_count, bytes_up, bytes_down, late_records)
       SELECT * FROM unnest($1::text[], $2::date[], $3::text[], $4::text[], $5::bigint[],
                            $6::bigint[], $7::bigint[], $8::bigint[], $9::bigint[], $10::bigint[])
        ORDER BY 1, 2, 3
       ON CONFLICT (subscriber_id, usage_day, usage_type) DO UPDATE SET
         plan_code = COALESCE(EXCLUDED.plan_code, t.plan_code),
         record_count = t.record_count + EXCLUDED.record_count,
         duration_seconds = t.duration_seconds + EXCLUDED.duration_seconds,
         message_count = t.message_count + EXCLUDED.message_count,
         bytes_up = t.bytes_up + EXCLUDED.bytes_up,
         bytes_down = t.bytes_down + EXCLUDED.bytes_down,
         late_records = t.late_records + EXCLUDED.late_records,
         updated_at = now()`,
      [
        col((d) => d.subscriberId),
        col((d) => d.usageDay),
        col((d) => d.usageType),
        col((d) => d.planCode),
        col((d) => d.recordCount),
        col((d) => d.durationSeconds),
        col((d) => d.messageCount),
        col((d) => d.bytesUp),
        col((d) => d.bytesDown),
        col((d) => d.lateRecords),
      ],
    );
  }

  /** Aggregates of days before `beforeDay` with records not yet handed on, locked; others skip them. */
  async unhanded(
    db: EntityManager,
    beforeDay: string,
    limit: number,
  ): Promise<UnhandedAggregate[]> {
    const rows = await db.query<Record<string, string | number | null>[]>(
      `SELECT *, usage_day::text AS day FROM usage_daily_totals
        WHERE record_count <> handed_record_count AND usage_day < $1::date
        ORDER BY usage_day, subscriber_id, usage_type LIMIT $2
        FOR UPDATE SKIP LOCKED`,
      [beforeDay, limit],
    );
    return rows.map((r) => ({
      subscriberId: String(r.subscriber_id),
      usageDay: String(r.day),
      usageType: r.usage_type as UsageType,
      planCode: r.plan_code === null ? null : String(r.plan_code),
      totals: totalsOf(r, ''),
      handed: totalsOf(r, 'handed_'),
      handedVersion: Number(r.handed_version),
      lateRecords: Number(r.late_records),
    }));
  }

  /** Remembers what was handed on, as version `handed_version + 1`. */
  async markHanded(db: EntityManager, handed: readonly UnhandedAggregate[], at: Date) {
    if (handed.length === 0) return;
    await db.query(
      `UPDATE usage_daily_totals t SET handed_version = t.handed_version + 1,
         handed_record_count = h.rc, handed_duration_seconds = h.dur, handed_message_count = h.msg,
         handed_bytes_up = h.up, handed_bytes_down = h.down, handed_on_at = $9
         FROM unnest($1::text[], $2::date[], $3::text[], $4::bigint[], $5::bigint[], $6::bigint[],
                     $7::bigint[], $8::bigint[]) AS h(sub, day, ty, rc, dur, msg, up, down)
        WHERE t.subscriber_id = h.sub AND t.usage_day = h.day AND t.usage_type = h.ty`,
      [
        handed.map((h) => h.subscriberId),
        handed.map((h) => h.usageDay),
        handed.map((h) => h.usageType),
        ...MEASURE_COLUMNS.map(([key]) => handed.map((h) => h.totals[key])),
        at,
      ],
    );
  }
}

function totalsOf(row: Record<string, string | number | null>, prefix: string): Totals {
  const totals = {} as Record<keyof Totals, number>;
  for (const [key, column] of MEASURE_COLUMNS) totals[key] = Number(row[`${prefix}${column}`]);
  return totals;
}

/** Sums guided records per subscriber, day and type: one delta per aggregate row touched. */
export function sumByDay(
  records: readonly (UsageMeasures & {
    subscriberId: string;
    planCode: string | null;
    usageType: UsageType;
    startedAt: Date;
    late: boolean;
  })[],
): TotalsDelta[] {
  const sums = new Map<string, TotalsDelta>();
  for (const r of records) {
    const usageDay = r.startedAt.toISOString().slice(0, 10);
    const key = `${r.subscriberId}\u0000${usageDay}\u0000${r.usageType}`;
    const sum = sums.get(key) ?? {
      subscriberId: r.subscriberId,
      usageDay,
      usageType: r.usageType,
      planCode: r.planCode,
      recordCount: 0,
      durationSeconds: 0,
      messageCount: 0,
      bytesUp: 0,
      bytesDown: 0,
      lateRecords: 0,
    };
    sum.recordCount += 1;
    sum.durationSeconds += r.durationSeconds;
    sum.messageCount += r.messageCount;
    sum.bytesUp += r.bytesUp;
    sum.bytesDown += r.bytesDown;
    sum.lateRecords += r.late ? 1 : 0;
    sums.set(key, sum);
  }
  return [...sums.values()];
}
