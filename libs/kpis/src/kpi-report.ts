import type { DataSource } from 'typeorm';
import { vendorCallLatency } from '@handoff/audit';
import {
  activationFallout,
  activationProvisioningTime,
  activationToFirstBill,
  unbilledLines,
  type Fallout,
  type FirstBillGroup,
  type Percentiles,
  type UnbilledLines,
} from './activation-kpis';
import type { KpiPeriod } from './kpi-period';

const MNO_POINT = 'handoff-to-mno';

/** The MVNO's cross-functional KPIs for one period, computed from the flows' tables and the ledger. */
export interface KpiReport {
  period: { label: string; from: string; to: string };
  activationToFirstBill: { all: Percentiles; byChannel: FirstBillGroup[] };
  unbilled: UnbilledLines;
  provisioning: {
    /** Requested → line active, end to end. */
    activation: Percentiles;
    /** The MNO's answer time per operation (the ledger's vendor calls). */
    mnoCalls: { operation: string; count: number; p50Ms: number | null; p95Ms: number | null }[];
  };
  fallout: Fallout;
}

export interface KpiOptions {
  /** A line active this many days with no charge counts as unbilled. */
  unbilledAfterDays: number;
  now?: Date;
}

export async function kpiReport(
  db: DataSource,
  period: KpiPeriod,
  options: KpiOptions,
): Promise<KpiReport> {
  const [firstBill, unbilled, activation, mnoCalls, fallout] = await Promise.all([
    activationToFirstBill(db, period),
    unbilledLines(db, options.unbilledAfterDays, options.now ?? new Date()),
    activationProvisioningTime(db, period),
    vendorCallLatency(db, MNO_POINT, period.from, period.to),
    activationFallout(db, period),
  ]);
  return {
    period: { label: period.label, from: period.from.toISOString(), to: period.to.toISOString() },
    activationToFirstBill: firstBill,
    unbilled,
    provisioning: { activation, mnoCalls },
    fallout,
  };
}
