/** A half-open reporting period [from, to), in UTC. */
export interface KpiPeriod {
  label: string;
  from: Date;
  to: Date;
}

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;
const WEEK = /^(\d{4})-W(0[1-9]|[1-4]\d|5[0-3])$/;

/**
 * `2026-11` (a calendar month) or `2026-W48` (an ISO week, Monday to Monday), in UTC; undefined
 * for anything else, so the caller can say what it expected.
 */
export function parsePeriod(text: string): KpiPeriod | undefined {
  const month = MONTH.exec(text);
  if (month) {
    const from = new Date(Date.UTC(Number(month[1]), Number(month[2]) - 1, 1));
    const to = new Date(Date.UTC(Number(month[1]), Number(month[2]), 1));
    return { label: text, from, to };
  }
  const week = WEEK.exec(text);
  if (week) {
    const from = isoWeekStart(Number(week[1]), Number(week[2]));
    // A week 53 in a year of 52 weeks is the next year's week 1: not the week asked for.
    if (isoWeekLabel(from) !== text) return undefined;
    return { label: text, from, to: new Date(from.getTime() + 7 * 86_400_000) };
  }
  return undefined;
}

/** The period before this one, of the same kind (the previous month or week). */
export function previousPeriod(p: KpiPeriod): KpiPeriod {
  if (MONTH.test(p.label)) {
    const from = new Date(Date.UTC(p.from.getUTCFullYear(), p.from.getUTCMonth() - 1, 1));
    return { label: from.toISOString().slice(0, 7), from, to: p.from };
  }
  const from = new Date(p.from.getTime() - 7 * 86_400_000);
  return { label: isoWeekLabel(from), from, to: p.from };
}

/** The seven days up to `now`, for a look at "lately" without naming a period. */
export function lastDays(days: number, now: Date = new Date()): KpiPeriod {
  return { label: `last ${days} days`, from: new Date(now.getTime() - days * 86_400_000), to: now };
}

function isoWeekStart(year: number, week: number): Date {
  // ISO week 1 holds 4 January; weeks start on Monday.
  const jan4 = new Date(Date.UTC(year, 0, 4));
  const monday = new Date(jan4.getTime() - ((jan4.getUTCDay() + 6) % 7) * 86_400_000);
  return new Date(monday.getTime() + (week - 1) * 7 * 86_400_000);
}

export function isoWeekLabel(day: Date): string {
  const thursday = new Date(day.getTime() + (3 - ((day.getUTCDay() + 6) % 7)) * 86_400_000);
  const year = thursday.getUTCFullYear();
  const week =
    Math.floor((thursday.getTime() - isoWeekStart(year, 1).getTime()) / (7 * 86_400_000)) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}
