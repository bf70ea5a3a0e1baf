import type { DataSource, EntityManager } from 'typeorm';

/** What one integration point did in a recent window, as its ledger rows tell it. */
export interface IntegrationPointActivity {
  integrationPoint: string;
  /** Events published on the point's topics. */
  events: number;
  /** Calls that reached the vendor (refusals by an open breaker are counted apart). */
  vendorCalls: number;
  /** Calls that failed on the vendor's side: unreachable, timed out, 5xx, garbled. */
  vendorFailures: number;
  /** Calls an open breaker refused without trying the vendor. */
  breakerRefusals: number;
  /** The 95th percentile of the vendor calls' latency; null without calls. */
  p95Ms: number | null;
  /** The most recent vendor call or refusal, to tell "failing now" from "failed earlier". */
  last: { at: Date; failed: boolean; code: string | null } | null;
}

const VENDOR_FAILED = `outcome IN ('held', 'retrying', 'failed')`;
const BREAKER_REFUSAL = `coalesce(summary->>'errorCode', '') LIKE '%.BREAKER_OPEN'`;

interface ActivityRow {
  integration_point: string;
  events: number;
  vendor_calls: number;
  vendor_failures: number;
  breaker_refusals: number;
  p95_ms: number | null;
  last_at: Date | null;
  last_failed: boolean | null;
  last_code: string | null;
}

/**
 * Per integration point, what the ledger recorded since `since`: one grouped read over the
 * months the window touches (the partition key bounds it), served by no scan older than that.
 */
export async function integrationPointActivity(
  db: DataSource | EntityManager,
  since: Date,
): Promise<IntegrationPointActivity[]> {
  const rows = await db.query<ActivityRow[]>(
    `WITH recent AS (
       SELECT integration_point, kind, outcome, latency_ms, occurred_at, id,
              summary->>'errorCode' AS code,
              ${BREAKER_REFUSAL} AS refused,
              ${VENDOR_FAILED} AS failed
         FROM audit_ledger
        WHERE occurred_at >= $1 AND kind IN ('event-published', 'vendor-call')
     ), last_call AS (
       SELECT DISTINCT ON (integration_point) integration_point, occurred_at, failed OR refused AS failed, code
         FROM recent WHERE kind = 'vendor-call'
        ORDER BY integration_point, occurred_at DESC, id DESC
     )
     SELECT r.integration_point,
            count(*) FILTER (WHERE r.kind = 'event-published')::int AS events,
            count(*) FILTER (WHERE r.kind = 'vendor-call' AND NOT r.refused)::int AS vendor_calls,
            count(*) FILTER (WHERE r.kind = 'vendor-call' AND NOT r.refused AND r.failed)::int AS vendor_failures,
            count(*) FILTER (WHERE r.kind = 'vendor-call' AND r.refused)::int AS breaker_refusals,
            percentile_cont(0.95) WITHIN GROUP (ORDER BY r.latency_ms)
              FILTER (WHERE r.kind = 'vendor-call' AND NOT r.refused) AS p95_ms,
            max(l.occurred_at) AS last_at, bool_or(l.failed) AS last_failed, max(l.code) AS last_code
       FROM recent r LEFT JOIN last_call l USING (integration_point)
      GROUP BY r.integration_point`,
    [since],
  );
  return rows.map((r) => ({
    integrationPoint: r.integration_point,
    events: r.events,
    vendorCalls: r.vendor_calls,
    vendorFailures: r.vendor_failures,
    breakerRefusals: r.breaker_refusals,
    p95Ms: r.p95_ms === null ? null : Math.round(Number(r.p95_ms)),
    last: r.last_at ? { at: r.last_at, failed: r.last_failed ?? false, code: r.last_code } : null,
  }));
}

/** p50/p95 of an integration point's vendor calls per operation, over [from, to). */
export async function vendorCallLatency(
  db: DataSource | EntityManager,
  integrationPoint: string,
  from: Date,
  to: Date,
): Promise<{ operation: string; count: number; p50Ms: number | null; p95Ms: number | null }[]> {
  const rows = await db.query<
    { operation: string; n: number; p50: number | null; p95: number | null }[]
  >(
    `SELECT coalesce(summary->>'operation', 'unknown') AS operation, count(*)::int AS n,
            percentile_cont(0.5) WITHIN GROUP (ORDER BY latency_ms) AS p50,
            percentile_cont(0.95) WITHIN GROUP (ORDER BY latency_ms) AS p95
       FROM audit_ledger
      WHERE occurred_at >= $1 AND occurred_at < $2 AND kind = 'vendor-call'
        AND integration_point = $3 AND latency_ms IS NOT NULL AND NOT ${BREAKER_REFUSAL}
      GROUP BY 1 ORDER BY 1`,
    [from, to, integrationPoint],
  );
  const ms = (v: number | null) => (v === null ? null : Math.round(Number(v)));
  return rows.map((r) => ({
    operation: r.operation,
    count: r.n,
    p50Ms: ms(r.p50),
    p95Ms: ms(r.p95),
  }));
}
