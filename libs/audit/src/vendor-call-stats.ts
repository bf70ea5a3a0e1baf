import type { DataSource, EntityManager } from 'typeorm';

type Db = DataSource | EntityManager;

/**
 * Vendor calls of one integration point over a period, from the ledger's `vendor-call` rows (one
 * per call, whatever its outcome; an index covers point and time). A call the breaker refused or
 * the caller cancelled never reached the vendor, so it is not a call here.
 */
export interface VendorCallPeriod {
  integrationPoint: string;
  from: Date;
  to: Date;
}

const ERROR_CODE = `summary->>'errorCode'`;
const REACHED_VENDOR = `(${ERROR_CODE} IS NULL OR (${ERROR_CODE} NOT LIKE '%.BREAKER_OPEN'
  AND ${ERROR_CODE} NOT LIKE '%.CALL_CANCELLED'))`;
const IN_PERIOD = `kind = 'vendor-call' AND integration_point = $1
  AND occurred_at >= $2 AND occurred_at < $3 AND ${REACHED_VENDOR}`;

export interface CallAvailability {
  calls: number;
  /** Calls that ended in one of the vendor-failure codes. */
  vendorFailures: number;
  /** Correlation ids of the failed calls, most recent first, at most `evidenceLimit`. */
  evidence: string[];
}

export async function vendorCallAvailability(
  db: Db,
  period: VendorCallPeriod,
  failureCodes: readonly string[],
  evidenceLimit = 20,
): Promise<CallAvailability> {
  const params = [period.integrationPoint, period.from, period.to, failureCodes];
  const [counts] = await db.query<{ calls: number; failures: number }[]>(
    `SELECT count(*)::int AS calls,
            count(*) FILTER (WHERE ${ERROR_CODE} = ANY($4))::int AS failures
       FROM audit_ledger WHERE ${IN_PERIOD}`,
    params,
  );
  const evidence = await db.query<{ correlation_id: string }[]>(
    `SELECT correlation_id FROM audit_ledger WHERE ${IN_PERIOD} AND ${ERROR_CODE} = ANY($4)
      GROUP BY correlation_id ORDER BY max(occurred_at) DESC LIMIT $5`,
    [...params, evidenceLimit],
  );
  return {
    calls: counts.calls,
    vendorFailures: counts.failures,
    evidence: evidence.map((row) => row.correlation_id),
  };
}

export interface OperationLatency {
  operation: string;
  calls: number;
  p50Ms: number;
  p95Ms: number;
}

/** p50 and p95 of each operation's calls (discrete percentiles: a latency some call had). */
export async function vendorCallLatencies(
  db: Db,
  period: VendorCallPeriod,
): Promise<OperationLatency[]> {
  const rows = await db.query<{ operation: string; calls: number; p50: number; p95: number }[]>(
    `SELECT summary->>'operation' AS operation, count(*)::int AS calls,
            percentile_disc(0.5) WITHIN GROUP (ORDER BY latency_ms) AS p50,
            percentile_disc(0.95) WITHIN GROUP (ORDER BY latency_ms) AS p95
       FROM audit_ledger WHERE ${IN_PERIOD} AND latency_ms IS NOT NULL
      GROUP BY 1 ORDER BY 1`,
    [period.integrationPoint, period.from, period.to],
  );
  return rows.map((row) => ({
    operation: row.operation,
    calls: row.calls,
    p50Ms: Number(row.p50),
    p95Ms: Number(row.p95),
  }));
}

/** Correlation ids of an operation's calls slower than `thresholdMs`, slowest first. */
export async function slowVendorCalls(
  db: Db,
  period: VendorCallPeriod,
  operation: string,
  thresholdMs: number,
  limit = 20,
): Promise<string[]> {
  const rows = await db.query<{ correlation_id: string }[]>(
    `SELECT correlation_id FROM audit_ledger
      WHERE ${IN_PERIOD} AND summary->>'operation' = $4 AND latency_ms > $5
      GROUP BY correlation_id ORDER BY max(latency_ms) DESC LIMIT $6`,
    [period.integrationPoint, period.from, period.to, operation, thresholdMs, limit],
  );
  return rows.map((row) => row.correlation_id);
}
