import type { DataSource } from 'typeorm';
import { kpiReport, lastDays, parsePeriod, type KpiPeriod, type KpiReport } from '@handoff/kpis';
import { escalationsRaised } from '@handoff/operational-truth';
import { FeedDayStore, type FeedDelay } from '@handoff/usage-ingestion';
import { cdrReconciliation, type CdrReconciliationKpi } from './cdr-reconciliation';
import { tallyOpen, type OpenDeadLetterReader } from './open-dead-letters';

/** Dead letters still open, per owning team, with the oldest one's age. */
export interface OpenDeadLetters {
  total: number;
  byOwner: { team: string; open: number; oldestAgeSeconds: number }[];
  /** False when the read hit its deadline: newer dead letters may be missing. */
  complete: boolean;
}

export interface OpsKpis extends KpiReport {
  deadLetters: OpenDeadLetters;
  /** Escalations raised in the period, per integration point, and per week on average. */
  escalations: {
    total: number;
    perWeek: number;
    byPoint: { integrationPoint: string; raised: number }[];
  };
  /** The CDR feed's delay now: now minus the newest usage record received. */
  cdrFeed: FeedDelay;
  /** The first pass of `usage reconcile` for the period's month. */
  cdrReconciliation: CdrReconciliationKpi;
}

export class PeriodError extends Error {}

/** `2026-11`, `2026-W48`, or nothing for the last seven days. */
export function periodFrom(text: string | undefined, now = new Date()): KpiPeriod {
  if (text === undefined || text === '') return lastDays(7, now);
  return namedPeriod(text);
}

/** `2026-11` or `2026-W48`; anything else is a PeriodError saying what is expected. */
export function namedPeriod(text: string): KpiPeriod {
  const period = parsePeriod(text);
  if (!period) {
    throw new PeriodError(
      `period must be a month (2026-11) or an ISO week (2026-W48); got "${text}"`,
    );
  }
  return period;
}

/** An ISO week only (`2026-W48`): the weekly review compares a week with the week before. */
export function isoWeek(text: string): KpiPeriod {
  const period = parsePeriod(text);
  if (!period || !/W\d\d$/.test(period.label)) {
    throw new PeriodError(`week must be an ISO week such as 2026-W48; got "${text}"`);
  }
  return period;
}

/** The KPIs of the flows' tables plus the dead letters open now, read from their topics. */
export async function opsKpis(
  db: DataSource,
  openDeadLetters: OpenDeadLetterReader,
  period: KpiPeriod,
  unbilledAfterDays: number,
  now = new Date(),
): Promise<OpsKpis> {
  const [report, open, escalations, cdrFeed, reconciliation] = await Promise.all([
    kpiReport(db, period, { unbilledAfterDays, now }),
    // The KPIs of the tables stand without the dead letters: a broker that does not answer
    // leaves them out, marked incomplete, instead of failing the report.
    openDeadLetters(),
    escalationsRaised(db, period.from, period.to),
    new FeedDayStore().delay(db.manager),
    cdrReconciliation(db, period),
  ]);
  const total = escalations.reduce((sum, e) => sum + e.raised, 0);
  const weeks = (period.to.getTime() - period.from.getTime()) / (7 * 86_400_000);
  const byOwner = tallyOpen(open.items, now, (d) => d.owner.team);
  return {
    ...report,
    deadLetters: {
      total: open.items.length,
      byOwner: [...byOwner]
        .map(([team, v]) => ({
          team,
          open: v.open,
          oldestAgeSeconds: Math.round(v.oldestAgeMs / 1000),
        }))
        .sort((a, b) => b.open - a.open || a.team.localeCompare(b.team)),
      complete: open.complete,
    },
    escalations: { total, perWeek: Math.round((total / weeks) * 100) / 100, byPoint: escalations },
    cdrFeed,
    cdrReconciliation: reconciliation,
  };
}
