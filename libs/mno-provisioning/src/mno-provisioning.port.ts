/**
 * The MNO as the rest of Handoff sees it: activations and orders in our terms. The vendor's wire
 * format (TMF641 service orders) stays inside this lib.
 */
export interface PortInRequest {
  donorOperator: string;
  accountNumber: string;
  pin: string;
}

export interface ActivationOrder {
  /** Our id; the MNO stores it as the order's `externalId`, which is how we find the order again. */
  activationId: string;
  iccid: string;
  /** Null: the MNO assigns a number. */
  msisdn: string | null;
  planCode: string;
  portIn: PortInRequest | null;
}

/** `held`: the MNO paused the order (waiting for something); it may still complete. */
export type MnoOrderState =
  'acknowledged' | 'inProgress' | 'completed' | 'failed' | 'held' | 'cancelled';

export interface MnoOrderFailure {
  /** The MNO's reason code, e.g. `ICCID_UNKNOWN`: the saga decides what it means. */
  code: string;
  message: string;
}

export interface MnoOrder {
  orderId: string;
  activationId: string;
  state: MnoOrderState;
  /** Present when completed. */
  imsi?: string;
  msisdn?: string;
  /** Present when failed. */
  failure?: MnoOrderFailure;
}

/**
 * A line's lifecycle at the MNO in our terms: what Handoff asks of a line it activated, and what
 * the MNO says the line is. TMF641 modify/delete orders and TMF638 services stay inside this lib.
 */
export type SuspendReason = 'nonPayment' | 'customerRequest' | 'fraud' | 'lostSim';

export type LineChange =
  | { kind: 'planChange'; planCode: string }
  | { kind: 'suspend'; reason: SuspendReason }
  | { kind: 'resume' }
  | { kind: 'simSwap'; newIccid: string }
  /** The number ported in from the donor replaces the line's MSISDN once the donor agrees. */
  | { kind: 'portIn'; msisdn: string; portIn: PortInRequest }
  | { kind: 'deactivate' };

export type LineChangeKind = LineChange['kind'];

export interface LineOrder {
  /** Our request id; the MNO stores it as the order's `externalId`, which is how we find it again. */
  requestId: string;
  /** The ICCID the line has at the MNO when the order is placed (for a SIM swap, the old one). */
  iccid: string;
  change: LineChange;
}

/** TMF638 states: `designed` while its activation is under way, `terminated` for good. */
export type MnoLineState = 'designed' | 'active' | 'suspended' | 'terminated';

export interface MnoLine {
  /** The MNO's id for the line (its TMF638 service id). */
  lineId: string;
  state: MnoLineState;
  iccid: string;
  /** Null until the line is active. */
  imsi: string | null;
  msisdn: string | null;
  planCode: string;
}

/** Where a number went when it left for another operator, and when. */
export interface PortOut {
  recipientOperator: string | null;
  portedAt: number;
}

/** A line the MNO ended, as its inventory lists it. */
export interface TerminatedLine extends MnoLine {
  state: 'terminated';
  /** When the MNO last changed the line (its TMF638 `serviceDate`), epoch ms. */
  changedAt: number;
  /** Set when the line ended because its number was ported away. */
  portOut: PortOut | null;
}

/** How to name a line when reading it. */
export type LineRef = { lineId: string } | { iccid: string } | { msisdn: string };

export interface MnoLineOrderFailure extends MnoOrderFailure {
  /** Ours, dotted: `MNO.LINE_TERMINATED`, `MNO.PORT_IN_PIN_MISMATCH`; `MNO.ORDER_FAILED` if unknown. */
  reasonCode: string;
  /** The network refused what was asked (a business answer, an event); otherwise it needs a person. */
  businessRejection: boolean;
}

/**
 * A lifecycle order at the MNO. `held` while a port-in waits for the donor operator's answer, which
 * can take hours: wait for it without spending retries (`AwaitingCompletionError`).
 */
export interface MnoLineOrder {
  orderId: string;
  requestId: string;
  state: MnoOrderState;
  /** Present when completed: the line as the order left it. */
  line?: MnoLine;
  /** Present when failed. */
  failure?: MnoLineOrderFailure;
}

export interface MnoHealth {
  /** True while any endpoint breaker is open and refusing calls (half-open lets a trial through). */
  breakerOpen(): boolean;
  /** Called once every breaker that had opened is closed again; returns the unsubscribe. */
  onRecovered(listener: () => void): () => void;
}

/**
 * Errors are `@handoff/resilience` classes with `MNO.*` codes (see `MnoErrorCode`); a failed order
 * is not an error, it is an `MnoOrder` in state `failed`. `signal` lets the caller give up early.
 */
export interface MnoProvisioningPort {
  /** Creates an order. Prefer `submitOrFind`: the MNO does not de-duplicate by activation. */
  submitActivation(order: ActivationOrder, signal?: AbortSignal): Promise<MnoOrder>;

  /**
   * The idempotent submit the saga uses. It first asks the MNO for an order of this activation
   * (by externalId) and returns it if there is one; only otherwise does it create one. A retry
   * after a timeout, whose order may have been created slowly, or a redelivered record therefore
   * never provisions the line twice.
   *
   * The guarantee assumes one call at a time per activation (the consumer handles one subscriber's
   * records in order) and an MNO whose lookup sees an order once it answered its creation.
   */
  submitOrFind(order: ActivationOrder, signal?: AbortSignal): Promise<MnoOrder>;

  /** The order for this activation, or undefined; the most advanced one if the MNO has several. */
  findOrderForActivation(activationId: string, signal?: AbortSignal): Promise<MnoOrder | undefined>;

  getOrder(orderId: string, signal?: AbortSignal): Promise<MnoOrder>;

  /**
   * Places a lifecycle order (plan change, suspend, resume, SIM swap, port-in, deactivate) the way
   * `submitOrFind` places an activation: the MNO's order for this request id if it has one, else a
   * new one. The MNO checks the line's state when it carries the order out; an order it refuses
   * ends `failed` with a classified `failure`, not an error.
   */
  submitLineOrder(order: LineOrder, signal?: AbortSignal): Promise<MnoLineOrder>;

  getLineOrder(orderId: string, signal?: AbortSignal): Promise<MnoLineOrder>;

  /** The line as the MNO has it now; by ICCID or MSISDN, the live one if any. Undefined if none. */
  findLine(ref: LineRef, signal?: AbortSignal): Promise<MnoLine | undefined>;

  /**
   * The lines the MNO ended whose last change is at or after `since` (epoch ms; every one if
   * undefined), oldest first: how port-outs are found when the hub's callbacks stop.
   */
  listTerminatedLines(since: number | undefined, signal?: AbortSignal): Promise<TerminatedLine[]>;

  readonly health: MnoHealth;
}
