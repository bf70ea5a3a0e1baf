import type { EntityManager } from 'typeorm';

/** A failure seen at an integration point, in a category its SLA does not cover. */
export interface UncoveredFailure {
  failureId: string;
  integrationPoint: string;
  category: string;
  errorCode: string;
  observedAt: Date;
}

/** Of these failures, the ones already counted in an incident still open. */
export async function failuresInOpenIncidents(
  tx: EntityManager,
  failureIds: readonly string[],
): Promise<Set<string>> {
  if (failureIds.length === 0) return new Set();
  const rows = await tx.query<{ failure_id: string }[]>(
    `SELECT f.failure_id FROM ops_uncovered_failures f JOIN ops_incidents i USING (incident_id)
      WHERE f.failure_id = ANY($1::text[]) AND i.resolved_at IS NULL`,
    [failureIds],
  );
  return new Set(rows.map((r) => r.failure_id));
}

/** Counts the failure in the incident once: false when another watcher already did. */
export async function recordFailure(
  tx: EntityManager,
  incidentId: string,
  failure: UncoveredFailure,
  at: Date,
): Promise<boolean> {
  const rows = await tx.query<unknown[]>(
    `INSERT INTO ops_uncovered_failures
       (incident_id, failure_id, integration_point, category, error_code, observed_at, recorded_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT (incident_id, failure_id) DO NOTHING RETURNING failure_id`,
    [
      incidentId,
      failure.failureId,
      failure.integrationPoint,
      failure.category,
      failure.errorCode,
      failure.observedAt,
      at,
    ],
  );
  return rows.length > 0;
}

/** How many failures an incident counts, and their distinct codes (for the page's summary). */
export async function failuresOf(
  tx: EntityManager,
  incidentId: string,
): Promise<{ count: number; codes: string[] }> {
  const [row] = await tx.query<{ n: number; codes: string[] | null }[]>(
    `SELECT count(*)::int AS n, array_agg(DISTINCT error_code ORDER BY error_code) AS codes
       FROM ops_uncovered_failures WHERE incident_id = $1`,
    [incidentId],
  );
  return { count: row?.n ?? 0, codes: row?.codes ?? [] };
}

/** Whether a failure was counted in the incident at or after `since`. */
export async function recordedSince(
  tx: EntityManager,
  incidentId: string,
  since: Date,
): Promise<boolean> {
  const rows = await tx.query<unknown[]>(
    `SELECT 1 FROM ops_uncovered_failures WHERE incident_id = $1 AND recorded_at >= $2 LIMIT 1`,
    [incidentId, since],
  );
  return rows.length > 0;
}
