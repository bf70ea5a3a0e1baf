import {
  EventTypes,
  type SimBatchShipped,
  type SimImsiMismatchDetected,
  type SimReportedLost,
  type SimReturned,
} from '@handoff/contracts';
import type { NewEvent } from '@handoff/messaging';
import type { DeliveredSim } from './sim';
import type { ImsiMismatch } from './sim-inventory.repository';

/** At most this many SIMs per `SimBatchShipped` (a record stays far below Kafka's 1 MB default). */
export const SIMS_PER_BATCH_EVENT = 1_000;

/** Fulfilment is told: the MNO provisioned the SIM under another IMSI than its batch data says. */
export function simImsiMismatchDetected(
  mismatch: ImsiMismatch,
  line: { subscriberId: string; activationId: string | null },
): NewEvent<SimImsiMismatchDetected> {
  const { sim, mnoImsi } = mismatch;
  return {
    type: EventTypes.SimImsiMismatchDetected,
    subject: sim.iccid,
    data: {
      subjectId: sim.iccid,
      iccid: sim.iccid,
      batchId: sim.batchId,
      inventoryImsi: sim.imsi,
      mnoImsi,
      subscriberId: line.subscriberId,
      activationId: line.activationId,
      detectedAt: Date.now(),
    },
  };
}

/** A batch as the partner publishes it, in parts of at most `SIMS_PER_BATCH_EVENT` SIMs. */
export function simBatchShipped(
  batchId: string,
  sims: readonly Omit<DeliveredSim, 'batchId'>[],
  shippedAt = Date.now(),
): NewEvent<SimBatchShipped>[] {
  const parts: NewEvent<SimBatchShipped>[] = [];
  for (let from = 0; from < sims.length; from += SIMS_PER_BATCH_EVENT) {
    const part = sims.slice(from, from + SIMS_PER_BATCH_EVENT).map((s) => ({
      iccid: s.iccid,
      imsi: s.imsi,
      shippedToDealer: s.shippedToDealer,
      shippedToOrder: s.shippedToOrder,
    }));
    parts.push({
      type: EventTypes.SimBatchShipped,
      subject: batchId,
      data: { subjectId: batchId, batchId, part: parts.length + 1, sims: part, shippedAt },
    });
  }
  return parts;
}

/** The partner reports a SIM lost or stolen (`SimReportedLost`) or back with it (`SimReturned`). */
export function simReported(
  type: typeof EventTypes.SimReportedLost | typeof EventTypes.SimReturned,
  iccid: string,
  reportedBy: string | null = null,
): NewEvent<SimReportedLost | SimReturned> {
  return {
    type,
    subject: iccid,
    data: { subjectId: iccid, iccid, reportedBy, reportedAt: Date.now() },
  };
}
