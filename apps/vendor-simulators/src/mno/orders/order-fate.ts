import { maskIccid } from '@handoff/observability';
import type { MnoFaultRule } from '../mno-fault-rule.schema';
import type { OrderWork } from './create-service-order.schema';

/** How an order will end, decided by the faults in force when it arrived. */
export type OrderFate =
  | { kind: 'carryOut' }
  | { kind: 'stuck' }
  | { kind: 'fail'; code: string; reason: string; message: string };

/** The SIM an order brings into the network: the activated one, or the one swapped in. */
function newSim(work: OrderWork): string | undefined {
  if (work.kind === 'activate') return work.line.iccid;
  return work.change.kind === 'simSwap' ? work.change.newIccid : undefined;
}

export function fateOf(work: OrderWork, faults: Partial<MnoFaultRule>): OrderFate {
  if (faults.stuckOrders) return { kind: 'stuck' };
  const iccid = newSim(work);
  if (iccid !== undefined && faults.unknownIccids?.includes(iccid)) {
    return {
      kind: 'fail',
      code: 'ICCID_UNKNOWN',
      reason: 'ICCID unknown to the network',
      message: `SIM ${maskIccid(iccid)} is not in the network's SIM inventory`,
    };
  }
  return { kind: 'carryOut' };
}

/** The number an order ports in and what it tells the donor, if it is a port-in. */
export function portInOf(work: OrderWork) {
  if (work.kind === 'activate') {
    const { msisdn, portIn } = work.line;
    return portIn && msisdn ? { msisdn, portIn } : undefined;
  }
  return work.change.kind === 'portIn' ? work.change : undefined;
}
