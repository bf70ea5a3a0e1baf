/**
 * A SIM's states in the inventory (docs/sim-inventory.md). A SIM whose line is deactivated stays
 * with the customer and is never handed out again: it is `deactivated`, not `returned`, until the
 * partner says it came back.
 */
export const SIM_STATES = [
  'inStock',
  'shipped',
  'active',
  'swappedOut',
  'deactivated',
  'returned',
  'lost',
] as const;
export type SimState = (typeof SIM_STATES)[number];

/** What moves a SIM: the partner's facts, and the line's lifecycle at the MNO. */
export type SimMove =
  'shipped' | 'activated' | 'swappedOut' | 'deactivated' | 'reportedLost' | 'returned';

/** The states each move may start from; any other is refused (the SIM keeps its state). */
const MOVES: Record<SimMove, { from: readonly SimState[]; to: SimState }> = {
  shipped: { from: ['inStock'], to: 'shipped' },
  activated: { from: ['inStock', 'shipped'], to: 'active' },
  swappedOut: { from: ['active'], to: 'swappedOut' },
  deactivated: { from: ['active'], to: 'deactivated' },
  reportedLost: { from: ['inStock', 'shipped', 'swappedOut', 'deactivated'], to: 'lost' },
  returned: { from: ['shipped', 'swappedOut', 'deactivated'], to: 'returned' },
};

/** The state after `move`, or undefined when the SIM cannot make it from `from`. */
export function nextState(from: SimState, move: SimMove): SimState | undefined {
  const rule = MOVES[move];
  return rule.from.includes(from) ? rule.to : undefined;
}

/** The states a move may start from, for the SQL that applies it. */
export const movableFrom = (move: SimMove): readonly SimState[] => MOVES[move].from;
export const stateAfter = (move: SimMove): SimState => MOVES[move].to;

/** A SIM as the inventory holds it. */
export interface Sim {
  iccid: string;
  imsi: string;
  batchId: string;
  state: SimState;
  shippedToDealer: string | null;
  shippedToOrder: string | null;
  subscriberId: string | null;
  /** The IMSI the MNO reported, when it differs from `imsi`. */
  mnoImsi: string | null;
}

/** A SIM as the partner delivers it: what a batch line or a `SimBatchShipped` entry says. */
export interface DeliveredSim {
  iccid: string;
  imsi: string;
  batchId: string;
  shippedToDealer: string | null;
  shippedToOrder: string | null;
}

/** The reason codes of a SIM refused by the inventory (docs/sim-inventory.md). */
export type SimRefusalCode =
  | 'SIM.UNKNOWN'
  | 'SIM.ALREADY_ACTIVE'
  | 'SIM.SWAPPED_OUT'
  | 'SIM.DEACTIVATED'
  | 'SIM.REPORTED_LOST'
  | 'SIM.RETURNED'
  | 'SIM.NOT_SHIPPED_TO_DEALER';

/** Why activation (or a SIM swap) refuses a SIM: a business rejection owned by fulfilment. */
export interface SimRefusal {
  code: SimRefusalCode;
  message: string;
}

const REFUSED_STATES: Partial<Record<SimState, SimRefusal>> = {
  active: { code: 'SIM.ALREADY_ACTIVE', message: 'the SIM is already active on a line' },
  swappedOut: {
    code: 'SIM.SWAPPED_OUT',
    message: 'the SIM was swapped out of a line and cannot be activated again',
  },
  deactivated: {
    code: 'SIM.DEACTIVATED',
    message: "the SIM's line was deactivated; the SIM cannot be activated again",
  },
  lost: { code: 'SIM.REPORTED_LOST', message: 'the SIM was reported lost or stolen' },
  returned: { code: 'SIM.RETURNED', message: 'the SIM was returned to the fulfilment partner' },
};

/**
 * Whether a SIM may be activated, by a dealer (`dealerId`) or the BSS (null): it must be known,
 * not active, lost, returned or used, and a dealer may only activate a SIM shipped to it.
 */
export function activationRefusal(
  sim: Sim | undefined,
  dealerId: string | null,
): SimRefusal | undefined {
  if (!sim) {
    return { code: 'SIM.UNKNOWN', message: 'the ICCID is not in the SIM inventory' };
  }
  const refused = REFUSED_STATES[sim.state];
  if (refused) return refused;
  if (dealerId !== null && sim.shippedToDealer !== dealerId) {
    return {
      code: 'SIM.NOT_SHIPPED_TO_DEALER',
      message: 'the SIM was not shipped to this dealer',
    };
  }
  return undefined;
}
