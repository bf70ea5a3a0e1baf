import { WORK_OPERATIONS } from '@handoff/activation-saga';
import { type IntegrationPoint, type OwnershipMatrix } from '@handoff/ownership';

/** An operation whose open work is in jeopardy after `dueWithinMs`. */
export interface WorkSla {
  integrationPoint: string;
  operation: string;
  dueWithinMs: number;
}

/** A vendor call's p95 target. */
export interface CallSla {
  operation: string;
  latencyP95Ms: number;
}

/** What is measured of a point that calls a vendor, from its `sla` in ownership.yaml. */
export interface VendorPointSla {
  integrationPoint: string;
  vendor: string;
  availabilityPercent: number;
  windowMs: number;
  vendorFailures: readonly string[];
  probeEveryMs: number;
  calls: readonly CallSla[];
}

const operationsOf = (point: IntegrationPoint) => Object.entries(point.sla.operations);

export function workSlas(matrix: OwnershipMatrix): WorkSla[] {
  return matrix.integrationPoints.flatMap((point) =>
    operationsOf(point).flatMap(([operation, sla]) =>
      sla.dueWithinMs === undefined
        ? []
        : [{ integrationPoint: point.id, operation, dueWithinMs: sla.dueWithinMs }],
    ),
  );
}

export function vendorPointSlas(matrix: OwnershipMatrix): VendorPointSla[] {
  return matrix.integrationPoints.flatMap((point) =>
    point.vendorClients.map((vendor) => ({
      integrationPoint: point.id,
      vendor,
      availabilityPercent: point.sla.availabilityPercent,
      windowMs: point.sla.availabilityWindowMs,
      vendorFailures: point.sla.vendorFailures,
      // Validation requires it of a vendor point; a minute is a fallback a matrix built in code gets.
      probeEveryMs: point.sla.probeEveryMs ?? 60_000,
      calls: operationsOf(point).flatMap(([operation, sla]) =>
        sla.latencyP95Ms === undefined ? [] : [{ operation, latencyP95Ms: sla.latencyP95Ms }],
      ),
    })),
  );
}

/**
 * A `dueWithin` on an operation Handoff tracks no open work of would never raise a jeopardy:
 * refuse it at start-up, naming it, rather than promise a measurement that never happens.
 */
export function assertWorkTracked(matrix: OwnershipMatrix): void {
  const untracked = workSlas(matrix).filter((sla) => !WORK_OPERATIONS.includes(sla.operation));
  if (untracked.length === 0) return;
  const names = untracked.map((sla) => `${sla.integrationPoint}.sla.operations.${sla.operation}`);
  throw new Error(
    `ownership.yaml: ${names.join(', ')} ha${untracked.length > 1 ? 've' : 's'} a dueWithin, but ` +
      `Handoff tracks no open work of that name (tracked: ${WORK_OPERATIONS.join(', ')})`,
  );
}
