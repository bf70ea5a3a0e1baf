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

  readonly health: MnoHealth;
}
