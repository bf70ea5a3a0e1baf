import type { DataSource, EntityManager } from 'typeorm';

type Db = DataSource | EntityManager;

export interface ProbeResult {
  integrationPoint: string;
  vendor: string;
  probedAt: Date;
  latencyMs: number;
  outcome: 'ok' | 'failed';
  errorCode: string | null;
}

export async function recordProbe(db: Db, r: ProbeResult): Promise<void> {
  await db.query(
    `INSERT INTO vendor_probes (integration_point, vendor, probed_at, latency_ms, outcome, error_code)
     VALUES ($1, $2, $3, $4, $5, $6)`,
    [r.integrationPoint, r.vendor, r.probedAt, r.latencyMs, r.outcome, r.errorCode],
  );
}

export async function lastProbeAt(db: Db, integrationPoint: string): Promise<Date | undefined> {
  const [row] = await db.query<{ at: Date | null }[]>(
    `SELECT max(probed_at) AS at FROM vendor_probes WHERE integration_point = $1`,
    [integrationPoint],
  );
  return row.at ?? undefined;
}

export interface ProbeCounts {
  probes: number;
  failed: number;
}

export async function probeCounts(
  db: Db,
  integrationPoint: string,
  from: Date,
  to: Date,
): Promise<ProbeCounts> {
  const [row] = await db.query<ProbeCounts[]>(
    `SELECT count(*)::int AS probes, count(*) FILTER (WHERE outcome = 'failed')::int AS failed
       FROM vendor_probes WHERE integration_point = $1 AND probed_at >= $2 AND probed_at < $3`,
    [integrationPoint, from, to],
  );
  return row;
}

export interface LatestProbe {
  integrationPoint: string;
  probedAt: Date;
  outcome: 'ok' | 'failed';
  errorCode: string | null;
}

/**
 * Each integration point's most recent probe since `since` (points not probed since are absent):
 * what the integration map counts when a flow has no traffic to judge it by.
 */
export async function latestProbes(db: Db, since: Date): Promise<LatestProbe[]> {
  const rows = await db.query<
    {
      integration_point: string;
      probed_at: Date;
      outcome: 'ok' | 'failed';
      error_code: string | null;
    }[]
  >(
    `SELECT DISTINCT ON (integration_point) integration_point, probed_at, outcome, error_code
       FROM vendor_probes WHERE probed_at >= $1
      ORDER BY integration_point, probed_at DESC`,
    [since],
  );
  return rows.map((r) => ({
    integrationPoint: r.integration_point,
    probedAt: r.probed_at,
    outcome: r.outcome,
    errorCode: r.error_code,
  }));
}
