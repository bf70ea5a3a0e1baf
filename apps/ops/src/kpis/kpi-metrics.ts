import { Gauge } from 'prom-client';
import type { DataSource } from 'typeorm';
import type { KpiReport } from '@handoff/kpis';
import { registeredMetric } from '@handoff/observability';
import { cdrReconciliation } from './cdr-reconciliation';
import { namedPeriod } from './ops-kpis';

/**
 * The week's KPIs as gauges on the ops API's /metrics, read through `week` (the map's cached
 * report, so a scrape adds at most one read every 30 s). Labels are bounded: quantiles, reasons.
 */
export function exposeKpiMetrics(week: () => Promise<KpiReport>): void {
  registeredMetric(
    'handoff_kpi_activation_to_first_bill_seconds',
    (registers) =>
      new Gauge({
        name: 'handoff_kpi_activation_to_first_bill_seconds',
        help: 'Activation request to the first successful charge, last 7 days, by quantile',
        labelNames: ['quantile'],
        registers,
        async collect() {
          const k = await week().catch(() => undefined);
          const all = k?.activationToFirstBill.all;
          if (all?.p50Seconds != null) this.set({ quantile: '0.5' }, all.p50Seconds);
          if (all?.p95Seconds != null) this.set({ quantile: '0.95' }, all.p95Seconds);
        },
      }),
  );
  registeredMetric(
    'handoff_kpi_unbilled_lines',
    (registers) =>
      new Gauge({
        name: 'handoff_kpi_unbilled_lines',
        help: 'Lines active longer than OPS_UNBILLED_AFTER_DAYS that no flow has charged',
        registers,
        async collect() {
          const k = await week().catch(() => undefined);
          if (k) this.set(k.unbilled.count);
        },
      }),
  );
  registeredMetric(
    'handoff_kpi_activation_fallout_ratio',
    (registers) =>
      new Gauge({
        name: 'handoff_kpi_activation_fallout_ratio',
        help: 'Share of activations requested in the last 7 days rejected, failed or held',
        registers,
        async collect() {
          const k = await week().catch(() => undefined);
          if (k) this.set(k.fallout.share);
        },
      }),
  );
}

/**
 * The CDR reconciliation accuracy (first pass) of this month and the last, one series per month
 * that has a run: the MNO invoices a month after it ends, so last month's is usually the live one.
 */
export function exposeReconciliationMetric(
  db: DataSource,
  now: () => Date = () => new Date(),
): void {
  registeredMetric(
    'handoff_kpi_cdr_reconciliation_accuracy',
    (registers) =>
      new Gauge({
        name: 'handoff_kpi_cdr_reconciliation_accuracy',
        help: "Share of the MNO invoice's figures matched on a month's first usage reconcile",
        labelNames: ['month'],
        registers,
        async collect() {
          this.reset();
          for (const month of thisAndLastMonth(now())) {
            const k = await cdrReconciliation(db, namedPeriod(month)).catch(() => undefined);
            if (k?.accuracy != null) this.set({ month }, k.accuracy);
          }
        },
      }),
  );
}

function thisAndLastMonth(now: Date): string[] {
  const last = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1));
  return [now.toISOString().slice(0, 7), last.toISOString().slice(0, 7)];
}
