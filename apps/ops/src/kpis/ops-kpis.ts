import type { DataSource } from 'typeorm';
import type { DeadLetterOps } from '@handoff/dead-letters';
import { kpiReport, lastDays, parsePeriod, type KpiPeriod, type KpiReport } from '@handoff/kpis';

/** Dead letters still open, per owning team, with the oldest one's age. */
export interface OpenDeadLetters {
  total: number;
  byOwner: { team: string; open: number; oldestAgeSeconds: number }[];
  /** False when the read hit its deadline: newer dead letters may be missing. */
  complete: boolean;
}

export interface OpsKpis extends KpiReport {
  deadLetters: OpenDeadLetters;
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
  deadLetters: DeadLetterOps,
  period: KpiPeriod,
  unbilledAfterDays: number,
  now = new Date(),
): Promise<OpsKpis> {
  const [report, open] = await Promise.all([
    kpiReport(db, period, { unbilledAfterDays, now }),
    // The KPIs of the tables stand without the dead letters: a broker that does not answer
    // leaves them out, marked incomplete, instead of failing the report.
    deadLetters.list({ status: 'open' }).catch(() => ({ items: [], complete: false })),
  ]);
  const byOwner = new Map<string, { open: number; oldest: number }>();
  for (const d of open.items) {
    const age = Math.max(0, (now.getTime() - Date.parse(d.deadLetteredAt)) / 1000);
    const seen = byOwner.get(d.owner.team) ?? { open: 0, oldest: 0 };
    byOwner.set(d.owner.team, { open: seen.open + 1, oldest: Math.max(seen.oldest, age) });
  }
  return {
    ...report,
    deadLetters: {
      total: open.items.length,
      byOwner: [...byOwner]
        .map(([team, v]) => ({ team, open: v.open, oldestAgeSeconds: Math.round(v.oldest) }))
        .sort((a, b) => b.open - a.open || a.team.localeCompare(b.team)),
      complete: open.complete,
    },
  };
}
