import type { DataSource } from 'typeorm';
import type { KpiPeriod } from '@handoff/kpis';
import { ReconciliationRunStore } from '@handoff/usage-ingestion';

/** The CDR reconciliation accuracy KPI as the reports show it: one month's first pass. */
export interface CdrReconciliationKpi {
  /**
   * The month it is for. Reconciliation is monthly (the MNO invoices by month): a month period
   * shows its own; a week or the last seven days shows the month holding most of its days.
   */
  month: string;
  /** The share of invoice figures matched on the first pass; null before any run of the month. */
  accuracy: number | null;
  /** Figures matched on the first pass, of all it compared; null before any run. */
  matched: number | null;
  compared: number | null;
  /** `usage reconcile` runs of the month, the first pass included (later ones never replace it). */
  runs: number;
}

/** `2026-11` for a month, or for a week or seven days the month of their middle day (UTC). */
export function reconciledMonthOf(period: KpiPeriod): string {
  const middle = new Date((period.from.getTime() + period.to.getTime()) / 2);
  return middle.toISOString().slice(0, 7);
}

/** The first pass of the month `period` falls in, from `usage reconcile`'s stored runs. */
export async function cdrReconciliation(
  db: DataSource,
  period: KpiPeriod,
): Promise<CdrReconciliationKpi> {
  const month = reconciledMonthOf(period);
  const found = await new ReconciliationRunStore().accuracy(db.manager, month);
  const first = found.firstPass;
  const counts = first?.counts;
  return {
    month,
    accuracy: first?.accuracy ?? null,
    matched: counts ? counts.matched : null,
    compared: counts
      ? counts.matched + counts.mismatched + counts.onlyInvoice + counts.onlyHandoff
      : null,
    runs: found.runs,
  };
}

/** `97.5%`, or `n/a` before the month's first run. */
export function accuracyPercent(k: CdrReconciliationKpi): string {
  return k.accuracy === null ? 'n/a' : `${Math.round(k.accuracy * 1000) / 10}%`;
}

/** `97.5% (39 of 40 matched, 2026-11 first pass)`, or that the month has not been reconciled. */
export function cdrReconciliationText(k: CdrReconciliationKpi): string {
  if (k.accuracy === null) return `${k.month} not reconciled yet`;
  return `${accuracyPercent(k)} (${k.matched} of ${k.compared} matched, ${k.month} first pass)`;
}
