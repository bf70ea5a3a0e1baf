import { maskIccid } from '@handoff/observability';
import type { MnoFaultRule } from '../mno-fault-rule.schema';
import type { MobileLine } from './mobile-line.schema';

/** How an order will end, decided by the faults in force when it arrived. */
export type OrderFate =
  | { kind: 'provision' }
  | { kind: 'stuck' }
  | { kind: 'fail'; code: string; reason: string; message: string };

export function fateOf(line: MobileLine, faults: Partial<MnoFaultRule>): OrderFate {
  if (faults.stuckOrders) return { kind: 'stuck' };
  if (faults.unknownIccids?.includes(line.iccid)) {
    return {
      kind: 'fail',
      code: 'ICCID_UNKNOWN',
      reason: 'ICCID unknown to the network',
      message: `SIM ${maskIccid(line.iccid)} is not in the network's SIM inventory`,
    };
  }
  return { kind: 'provision' };
}
