import { Gauge } from 'prom-client';
import type { DataSource } from 'typeorm';
import type { Percentiles } from '@handoff/kpis';
import { registeredMetric } from '@handoff/observability';
import { cdrReconciliation } from './cdr-reconciliation';
import { namedPeriod, type OpsKpis } from './ops-kpis';

type Labels = Record<string, string>;
type Set = (value: number, labels?: Labels) => void;

/**
 * A gauge filled at each scrape from a KPI read. Series are cleared first, so a team with no open
 * dead letter left, or an operation with no call in the window, disappears instead of lingering.
 * A read that fails leaves the gauge empty for that scrape.
 */
function kpiGauge<K>(
  read: () => Promise<K>,
  name: string,
  help: string,
  labelNames: string[],
  fill: (k: K, set: Set) => void,
): void {
  registeredMetric(
    name,
    (registers) =>
      new Gauge({
        name,
        help,
        labelNames,
        registers,
        async collect() {
          const k = await read().catch(() => undefined);
          this.reset();
          if (k === undefined) return;
          fill(k, (value, labels = {}) => this.set(labels, value));
        },
      }),
  );
}

/** p50 and p95 as two series of one gauge; a quantile with no data is left out. */
function setQuantiles(set: Set, p: Percentiles, labels: Labels = {}): void {
  if (p.p50Seconds != null) set(p.p50Seconds, { ...labels, quantile: '0.5' });
  if (p.p95Seconds != null) set(p.p95Seconds, { ...labels, quantile: '0.95' });
}

/**
 * The last seven days' KPIs as gauges on the ops API's /metrics, read through `week` (cached, so a
 * scrape adds at most one read every 30 s). Labels are bounded: quantiles, teams, points, MNO
 * operations.
 */
export function exposeKpiMetrics(week: () => Promise<OpsKpis>): void {
  kpiGauge(
    week,
    'handoff_kpi_activation_to_first_bill_seconds',
    'Activation request to the first successful charge, last 7 days, by quantile',
    ['quantile'],
    (k, set) => setQuantiles(set, k.activationToFirstBill.all),
  );
  kpiGauge(
    week,
    'handoff_kpi_unbilled_lines',
    'Lines active longer than OPS_UNBILLED_AFTER_DAYS that no flow has charged',
    [],
    (k, set) => set(k.unbilled.count),
  );
  kpiGauge(
    week,
    'handoff_kpi_activation_fallout_ratio',
    'Share of activations requested in the last 7 days rejected, failed or held',
    [],
    (k, set) => set(k.fallout.share),
  );
  kpiGauge(
    week,
    'handoff_kpi_provisioning_seconds',
    'Activation requested to line active, last 7 days, by quantile',
    ['quantile'],
    (k, set) => setQuantiles(set, k.provisioning.activation),
  );
  kpiGauge(
    week,
    'handoff_kpi_mno_call_seconds',
    "The MNO's answer time per operation, last 7 days, by quantile",
    ['operation', 'quantile'],
    (k, set) => {
      for (const call of k.provisioning.mnoCalls) {
        const seconds = (ms: number | null) => (ms === null ? null : ms / 1000);
        setQuantiles(
          set,
          { count: call.count, p50Seconds: seconds(call.p50Ms), p95Seconds: seconds(call.p95Ms) },
          { operation: call.operation },
        );
      }
    },
  );
  kpiGauge(
    week,
    'handoff_kpi_dead_letters_open',
    'Dead letters open now, by owning team',
    ['team'],
    (k, set) => k.deadLetters.byOwner.forEach((o) => set(o.open, { team: o.team })),
  );
  kpiGauge(
    week,
    'handoff_kpi_dead_letters_oldest_age_seconds',
    "The oldest open dead letter's age, by owning team",
    ['team'],
    (k, set) => k.deadLetters.byOwner.forEach((o) => set(o.oldestAgeSeconds, { team: o.team })),
  );
  kpiGauge(
    week,
    'handoff_kpi_escalations_raised',
    'Escalations raised in the last 7 days, by integration point',
    ['integration_point'],
    (k, set) =>
      k.escalations.byPoint.forEach((e) =>
        set(e.raised, { integration_point: e.integrationPoint }),
      ),
  );
  kpiGauge(
    week,
    'handoff_kpi_cdr_feed_delay_seconds',
    "The CDR feed's delay: now minus the newest usage record received",
    [],
    (k, set) => {
      if (k.cdrFeed.delaySeconds !== null) set(k.cdrFeed.delaySeconds);
    },
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
  kpiGauge(
    async () => {
      const months = thisAndLastMonth(now());
      return Promise.all(months.map((month) => cdrReconciliation(db, namedPeriod(month))));
    },
    'handoff_kpi_cdr_reconciliation_accuracy',
    "Share of the MNO invoice's figures matched on a month's first usage reconcile",
    ['month'],
    (months, set) =>
      months.forEach((k) => {
        if (k.accuracy !== null) set(k.accuracy, { month: k.month });
      }),
  );
}

function thisAndLastMonth(now: Date): string[] {
  const last = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1));
  return [now.toISOString().slice(0, 7), last.toISOString().slice(0, 7)];
}
