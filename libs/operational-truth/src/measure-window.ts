import type { DataSource } from 'typeorm';
import {
  slowVendorCalls,
  vendorCallAvailability,
  vendorCallLatencies,
  type OperationLatency,
} from '@handoff/audit';
import { probeCounts } from './probe.store';
import type { VendorPointSla } from './sla-book';

/** One vendor point measured over one window: calls and probes, and latency per operation. */
export interface PointMeasurement {
  from: Date;
  to: Date;
  calls: number;
  probes: number;
  /** Calls that failed on the vendor's side plus probes that got no answer. */
  failures: number;
  /** Percent of calls and probes the vendor answered; undefined with nothing to count. */
  availabilityPercent: number | undefined;
  /** Correlation ids of the failed calls. */
  evidence: string[];
  latencies: OperationLatency[];
}

export async function measurePoint(
  db: DataSource,
  sla: VendorPointSla,
  from: Date,
  to: Date,
): Promise<PointMeasurement> {
  const period = { integrationPoint: sla.integrationPoint, from, to };
  const calls = await vendorCallAvailability(db, period, sla.vendorFailures);
  const probes = await probeCounts(db, sla.integrationPoint, from, to);
  const samples = calls.calls + probes.probes;
  const failures = calls.vendorFailures + probes.failed;
  return {
    from,
    to,
    calls: calls.calls,
    probes: probes.probes,
    failures,
    availabilityPercent: samples === 0 ? undefined : ((samples - failures) / samples) * 100,
    evidence: calls.evidence,
    latencies: await vendorCallLatencies(db, period),
  };
}

export const slowCallEvidence = (
  db: DataSource,
  sla: VendorPointSla,
  m: PointMeasurement,
  operation: string,
  thresholdMs: number,
) =>
  slowVendorCalls(
    db,
    { integrationPoint: sla.integrationPoint, from: m.from, to: m.to },
    operation,
    thresholdMs,
  );

/** `99.95` → `'99.95%'`, `62.5` → `'62.5%'`: two decimals at most, none when whole. */
export const formatPercent = (value: number) => `${Number(value.toFixed(2))}%`;
