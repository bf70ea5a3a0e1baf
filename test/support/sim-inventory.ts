import { randomUUID } from 'node:crypto';
import type { Backbone } from '@handoff/messaging';
import { simBatchShipped } from '@handoff/sim-inventory';
import type { DataSource } from 'typeorm';
import { waitFor } from './test-infra';

let imsiSerial = Math.floor(Math.random() * 1e8);
/** An IMSI of a network no simulator hands out numbers on (MCC 001, the test network). */
export const newImsi = () => `00101${String((imsiSerial += 1)).padStart(10, '0')}`;

export interface TestSim {
  iccid: string;
  imsi: string;
  shippedToDealer: string | null;
  shippedToOrder: string | null;
}

/** The row of a SIM in the inventory, as the tests read it. */
export async function simRow(db: DataSource, iccid: string) {
  const rows = await db.query<{ state: string; mno_imsi: string | null; subscriber_id: string }[]>(
    'SELECT state, mno_imsi, subscriber_id FROM sims WHERE iccid = $1',
    [iccid],
  );
  return rows[0];
}

/** Waits until the SIM is in `state` in the inventory. */
export function simInState(db: DataSource, iccid: string, state: string, timeoutMs = 30_000) {
  return waitFor(
    `SIM in state ${state}`,
    async () => (await simRow(db, iccid))?.state === state,
    timeoutMs,
  );
}

/**
 * The fulfilment partner ships a batch on its topic, and the orchestrator takes it into the
 * inventory: resolves once every SIM is there.
 */
export async function shipBatch(
  partner: Backbone,
  db: DataSource,
  sims: readonly TestSim[],
): Promise<string> {
  const batchId = `batch-${randomUUID()}`;
  await partner.publishNow(simBatchShipped(batchId, sims));
  await waitFor(
    'the batch in the inventory',
    async () => {
      const rows = await db.query<unknown[]>('SELECT 1 FROM sims WHERE iccid = ANY($1)', [
        sims.map((s) => s.iccid),
      ]);
      return rows.length === sims.length;
    },
    30_000,
  );
  return batchId;
}
