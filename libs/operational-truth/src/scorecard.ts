import type { DataSource } from 'typeorm';
import type { OwnershipMatrix } from '@handoff/ownership';
import { measurePoint } from './measure-window';
import { incidentsInPeriod, type PeriodIncident } from './scorecard.queries';
import { vendorPointSlas, type VendorPointSla } from './sla-book';

/** A half-open period [from, to) in UTC; `parsePeriod` of `@handoff/kpis` makes one from its label. */
export interface Period {
  /** `2026-11`, `2026-W48`, or a label of the caller's own for an explicit window. */
  label: string;
  from: Date;
  to: Date;
}

export interface OperationScore {
  operation: string;
  /** The SLA's p95 for a vendor call, or the due time for a piece of work. */
  latencyP95TargetMs?: number;
  dueWithinMs?: number;
  calls: number;
  p50Ms: number | null;
  p95Ms: number | null;
  /** Whether p95 met the target; null when nothing was measured or there is no call target. */
  met: boolean | null;
  jeopardies: number;
}

export interface PointScore {
  integrationPoint: string;
  vendor: string;
  ownerTeam: string;
  availability: {
    targetPercent: number;
    actualPercent: number | null;
    calls: number;
    probes: number;
    failures: number;
    met: boolean | null;
  };
  operations: OperationScore[];
  breaches: PeriodIncident[];
  jeopardies: PeriodIncident[];
  escalationsRaised: number;
}

export interface Scorecard {
  period: Period;
  points: PointScore[];
}

/** The vendor scorecard of a period: each vendor point measured against its SLAs (issue 14). */
export async function buildScorecard(
  db: DataSource,
  matrix: OwnershipMatrix,
  period: Period,
): Promise<Scorecard> {
  const points: PointScore[] = [];
  for (const sla of vendorPointSlas(matrix)) {
    points.push(await scorePoint(db, matrix, sla, period));
  }
  return { period, points };
}

async function scorePoint(
  db: DataSource,
  matrix: OwnershipMatrix,
  sla: VendorPointSla,
  period: Period,
): Promise<PointScore> {
  const m = await measurePoint(db, sla, period.from, period.to);
  const incidents = await incidentsInPeriod(db, sla.integrationPoint, period);
  const breaches = incidents.filter((i) => i.kind === 'slaBreach');
  const jeopardies = incidents.filter((i) => i.kind === 'jeopardy');
  const point = matrix.integrationPoint(sla.integrationPoint)!;
  const operations = Object.entries(point.sla.operations).map(([operation, target]) => {
    const measured = m.latencies.find((l) => l.operation === operation);
    return {
      operation,
      ...(target.latencyP95Ms !== undefined && { latencyP95TargetMs: target.latencyP95Ms }),
      ...(target.dueWithinMs !== undefined && { dueWithinMs: target.dueWithinMs }),
      calls: measured?.calls ?? 0,
      p50Ms: measured?.p50Ms ?? null,
      p95Ms: measured?.p95Ms ?? null,
      met:
        measured && target.latencyP95Ms !== undefined
          ? measured.p95Ms <= target.latencyP95Ms
          : null,
      jeopardies: jeopardies
        .filter((j) => j.operation === operation)
        .reduce((sum, j) => sum + j.workItems, 0),
    };
  });
  return {
    integrationPoint: sla.integrationPoint,
    vendor: sla.vendor,
    ownerTeam: matrix.owner(point).teamName,
    availability: {
      targetPercent: sla.availabilityPercent,
      actualPercent: m.availabilityPercent ?? null,
      calls: m.calls,
      probes: m.probes,
      failures: m.failures,
      met:
        m.availabilityPercent === undefined
          ? null
          : m.availabilityPercent >= sla.availabilityPercent,
    },
    operations,
    breaches,
    jeopardies,
    escalationsRaised: incidents.reduce((sum, i) => sum + i.escalations.length, 0),
  };
}
