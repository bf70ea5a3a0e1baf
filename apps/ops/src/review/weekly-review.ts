import type { DataSource } from 'typeorm';
import { kpiReport, previousPeriod, type KpiPeriod, type KpiReport } from '@handoff/kpis';
import { buildScorecard, type Scorecard } from '@handoff/operational-truth';
import type { OwnershipMatrix } from '@handoff/ownership';
import type { OpenDeadLetterReader } from '../kpis/open-dead-letters';
import { opsKpis, type OpsKpis } from '../kpis/ops-kpis';

/** What the COO's weekly page is made of: the week's scorecard, its KPIs and the week before's. */
export interface WeeklyReview {
  week: KpiPeriod;
  previous: KpiPeriod;
  scorecard: Scorecard;
  kpis: OpsKpis;
  previousKpis: KpiReport;
}

export async function weeklyReview(
  db: DataSource,
  matrix: OwnershipMatrix,
  openDeadLetters: OpenDeadLetterReader,
  week: KpiPeriod,
  unbilledAfterDays: number,
  now = new Date(),
): Promise<WeeklyReview> {
  const previous = previousPeriod(week);
  const [scorecard, kpis, previousKpis] = await Promise.all([
    buildScorecard(db, matrix, week),
    opsKpis(db, openDeadLetters, week, unbilledAfterDays, now),
    kpiReport(db, previous, { unbilledAfterDays, now }),
  ]);
  return { week, previous, scorecard, kpis, previousKpis };
}
