import type { DataSource, EntityManager } from 'typeorm';
import type { KpiPeriod } from './kpi-period';

type Db = DataSource | EntityManager;

/** p50 and p95 of a duration, in seconds; null when nothing was measured. */
export interface Percentiles {
  count: number;
  p50Seconds: number | null;
  p95Seconds: number | null;
}

export interface FirstBillGroup extends Percentiles {
  channel: string;
  /** The dealer, for dealer activations; null for the BSS's own. */
  dealerId: string | null;
  /** Lines activated in the period (the denominator). */
  activated: number;
}

export interface UnbilledLines {
  /** Lines active for longer than `afterDays` with no successful charge at all. */
  count: number;
  afterDays: number;
  byChannel: { channel: string; dealerId: string | null; count: number }[];
  /** The longest unbilled, oldest first (activation ids: no personal data). */
  oldest: { activationId: string; activatedAt: string }[];
}

export interface FalloutShare {
  key: string;
  count: number;
  /** Of all activations requested in the period, 0 to 1. */
  share: number;
}

export interface Fallout {
  requested: number;
  /** Rejected, failed or held: activations that did not (yet) end active. */
  fallout: number;
  share: number;
  byDealer: FalloutShare[];
  byOwner: FalloutShare[];
  byReason: FalloutShare[];
}

// A subscriber's first successful charge, whichever flow captured it: the activation's own
// capture, or a BSS payment (top-up, renewal) for the same subscriber.
const FIRST_BILL = `LEAST(a.captured_at,
  (SELECT min(p.captured_at) FROM payment_requests p
    WHERE p.subscriber_id = a.subscriber_id AND p.captured_at IS NOT NULL))`;

const PERCENTILES = (seconds: string) =>
  `count(${seconds})::int AS n,
   percentile_cont(0.5) WITHIN GROUP (ORDER BY ${seconds}) AS p50,
   percentile_cont(0.95) WITHIN GROUP (ORDER BY ${seconds}) AS p95`;

interface PercentileRow {
  n: number;
  p50: number | null;
  p95: number | null;
}

function percentiles(r: PercentileRow | undefined): Percentiles {
  const round = (v: number | null) => (v === null ? null : Math.round(Number(v) * 1000) / 1000);
  return { count: r?.n ?? 0, p50Seconds: round(r?.p50 ?? null), p95Seconds: round(r?.p95 ?? null) };
}

/**
 * Activation-to-first-bill cycle time: from the activation's request to the subscriber's first
 * successful charge, for lines activated from requests of the period, by channel and dealer.
 */
export async function activationToFirstBill(
  db: Db,
  period: KpiPeriod,
): Promise<{ all: Percentiles; byChannel: FirstBillGroup[] }> {
  const rows = await db.query<
    (PercentileRow & {
      channel: string | null;
      dealer_id: string | null;
      activated: number;
      grand_total: boolean;
    })[]
  >(
    `WITH billed AS (
       SELECT a.channel, a.dealer_id, a.requested_at, ${FIRST_BILL} AS first_bill_at
         FROM activations a
        WHERE a.requested_at >= $1 AND a.requested_at < $2 AND a.state = 'completed'
     )
     SELECT channel, dealer_id, count(*)::int AS activated,
            GROUPING(channel, dealer_id) = 3 AS grand_total,
            ${PERCENTILES('extract(epoch FROM first_bill_at - requested_at)')}
       FROM billed
      GROUP BY GROUPING SETS ((channel, dealer_id), ())
      ORDER BY channel NULLS FIRST, dealer_id NULLS FIRST`,
    [period.from, period.to],
  );
  const total = rows.find((r) => r.grand_total);
  return {
    all: percentiles(total),
    byChannel: rows
      .filter((r) => r !== total)
      .map((r) => ({
        channel: r.channel ?? 'unknown',
        dealerId: r.dealer_id,
        activated: r.activated,
        ...percentiles(r),
      })),
  };
}

/** Lines active for more than `afterDays` days that no flow has charged yet: the revenue leak. */
export async function unbilledLines(db: Db, afterDays: number, now: Date): Promise<UnbilledLines> {
  const cutoff = new Date(now.getTime() - afterDays * 86_400_000);
  const where = `a.state = 'completed' AND a.completed_at < $1 AND ${FIRST_BILL} IS NULL`;
  const groups = await db.query<{ channel: string; dealer_id: string | null; n: number }[]>(
    `SELECT a.channel, a.dealer_id, count(*)::int AS n FROM activations a WHERE ${where}
      GROUP BY 1, 2 ORDER BY 3 DESC, 1, 2`,
    [cutoff],
  );
  const oldest = await db.query<{ activation_id: string; completed_at: Date }[]>(
    `SELECT a.activation_id, a.completed_at FROM activations a WHERE ${where}
      ORDER BY a.completed_at LIMIT 20`,
    [cutoff],
  );
  return {
    count: groups.reduce((sum, g) => sum + g.n, 0),
    afterDays,
    byChannel: groups.map((g) => ({ channel: g.channel, dealerId: g.dealer_id, count: g.n })),
    oldest: oldest.map((o) => ({
      activationId: o.activation_id,
      activatedAt: o.completed_at.toISOString(),
    })),
  };
}

/** Requested → active, end to end, for activations requested in the period. */
export async function activationProvisioningTime(db: Db, period: KpiPeriod): Promise<Percentiles> {
  const [row] = await db.query<PercentileRow[]>(
    `SELECT ${PERCENTILES('extract(epoch FROM completed_at - requested_at)')}
       FROM activations
      WHERE requested_at >= $1 AND requested_at < $2 AND state = 'completed'`,
    [period.from, period.to],
  );
  return percentiles(row);
}

/** Activations that did not end active, of those requested in the period, by dealer, owner and reason. */
export async function activationFallout(db: Db, period: KpiPeriod): Promise<Fallout> {
  const rows = await db.query<{ dimension: string; key: string | null; n: number }[]>(
    `WITH asked AS (
       SELECT coalesce(dealer_id, channel) AS dealer, owner_team, reason_code, state
         FROM activations WHERE requested_at >= $1 AND requested_at < $2
     )
     SELECT 'requested' AS dimension, NULL AS key, count(*)::int AS n FROM asked
     UNION ALL
     SELECT 'fallout', NULL, count(*)::int FROM asked WHERE state IN ('rejected', 'failed', 'held')
     UNION ALL
     SELECT 'dealer', dealer, count(*)::int FROM asked WHERE state IN ('rejected', 'failed', 'held') GROUP BY dealer
     UNION ALL
     SELECT 'owner', coalesce(owner_team, 'unowned'), count(*)::int FROM asked
      WHERE state IN ('rejected', 'failed', 'held') GROUP BY 2
     UNION ALL
     SELECT 'reason', coalesce(reason_code, 'none'), count(*)::int FROM asked
      WHERE state IN ('rejected', 'failed', 'held') GROUP BY 2`,
    [period.from, period.to],
  );
  const requested = rows.find((r) => r.dimension === 'requested')?.n ?? 0;
  const fallout = rows.find((r) => r.dimension === 'fallout')?.n ?? 0;
  const shareOf = (n: number) =>
    requested === 0 ? 0 : Math.round((n / requested) * 10_000) / 10_000;
  const by = (dimension: string): FalloutShare[] =>
    rows
      .filter((r) => r.dimension === dimension)
      .map((r) => ({ key: r.key ?? 'unknown', count: r.n, share: shareOf(r.n) }))
      .sort((a, b) => b.count - a.count || a.key.localeCompare(b.key));
  return {
    requested,
    fallout,
    share: shareOf(fallout),
    byDealer: by('dealer'),
    byOwner: by('owner'),
    byReason: by('reason'),
  };
}
