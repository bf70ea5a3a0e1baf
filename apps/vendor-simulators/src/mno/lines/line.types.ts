/** TMF638 service states a mobile line goes through at the MNO. */
export type LineState = 'designed' | 'active' | 'suspended' | 'terminated';

/** One mobile line in the MNO's service inventory; `id` is the TMF638 service id. */
export interface MnoLine {
  id: string;
  state: LineState;
  iccid: string;
  /** Null until the line is activated: the network assigns it. */
  imsi: string | null;
  msisdn: string | null;
  planCode: string;
  portedIn: boolean;
  /** Set when the number left for another operator (the line is then terminated). */
  portedOut: PortedOut | null;
  createdAt: string;
  updatedAt: string;
}

export interface PortedOut {
  recipientOperator: string;
  portedAt: string;
}

export const SUSPEND_REASONS = ['nonPayment', 'customerRequest', 'fraud', 'lostSim'] as const;
export type SuspendReason = (typeof SUSPEND_REASONS)[number];

export interface PortInDetails {
  donorOperator: string;
  accountNumber?: string | null;
  pin?: string | null;
}

/** What a `modify` or `delete` order item asks of an existing line. */
export type LineChange =
  | { kind: 'planChange'; planCode: string }
  | { kind: 'suspend'; reason: SuspendReason | null }
  | { kind: 'resume' }
  | { kind: 'simSwap'; newIccid: string }
  | { kind: 'portIn'; msisdn: string; portIn: PortInDetails }
  | { kind: 'deactivate' };

export type LineChangeKind = LineChange['kind'];

/** How an order names the line it changes: the TMF638 service id, or the line's current ICCID. */
export type LineTarget = { serviceId: string } | { iccid: string };

/** A TMF641 error message for an order the network refused; the code is what a client acts on. */
export interface Refusal {
  code: string;
  reason: string;
  message: string;
}
