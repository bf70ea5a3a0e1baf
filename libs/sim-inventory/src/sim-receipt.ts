import type { DeliveredSim, Sim } from './sim';

/** What receiving one delivered SIM did to the inventory. */
export type Receipt =
  | { outcome: 'added' | 'shipped'; sim: Sim }
  | { outcome: 'unchanged' }
  | { outcome: 'conflict'; reason: string };

/**
 * The partner's facts against what the inventory holds. Never echoes an IMSI or ICCID (personal
 * data): the reasons end up in reports and logs.
 */
export function compareDelivery(known: Sim | undefined, sim: DeliveredSim): Receipt {
  const destined = sim.shippedToDealer !== null || sim.shippedToOrder !== null;
  if (!known) {
    const state = destined ? 'shipped' : 'inStock';
    return { outcome: 'added', sim: { ...sim, state, subscriberId: null, mnoImsi: null } };
  }
  if (known.imsi !== sim.imsi) {
    return conflict(`the inventory holds this ICCID with another IMSI (batch ${known.batchId})`);
  }
  if (known.batchId !== sim.batchId) {
    return conflict(`the inventory holds this ICCID in batch ${known.batchId}`);
  }
  const sameDestination =
    known.shippedToDealer === sim.shippedToDealer && known.shippedToOrder === sim.shippedToOrder;
  if (sameDestination || !destined) return { outcome: 'unchanged' };
  if (known.state === 'inStock') return { outcome: 'shipped', sim: { ...known, ...sim } };
  return conflict(`the SIM was already shipped elsewhere (it is ${known.state})`);
}

const conflict = (reason: string): Receipt => ({ outcome: 'conflict', reason });
