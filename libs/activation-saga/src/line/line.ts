import type { LifecycleRequestKind } from '@handoff/contracts';

/**
 * A line's state, in TMF638's service-state words: `designed` (known to Handoff, not yet on the
 * network), `active`, `suspended` (barred, resumable) and `terminated` (for good).
 */
export type LineState = 'designed' | 'active' | 'suspended' | 'terminated';

/** What can be asked of a line: the BSS's requests, and the MNO's port-out notice. */
export type LineRequestKind = Exclude<LifecycleRequestKind, 'unknown'> | 'portOut';

/** Why a line is suspended; any other code is refused (a typo must not suspend a line silently). */
export const SUSPENSION_REASONS = ['NON_PAYMENT', 'CUSTOMER_REQUEST', 'FRAUD', 'LOST_SIM'] as const;
export type SuspensionReason = (typeof SUSPENSION_REASONS)[number];

export const isSuspensionReason = (code: string): code is SuspensionReason =>
  (SUSPENSION_REASONS as readonly string[]).includes(code);

/** A subscriber's line, as it is at the MNO (row of `subscribers`). */
export interface Line {
  subscriberId: string;
  state: LineState;
  iccid: string;
  msisdn: string | null;
  imsi: string | null;
  planCode: string;
  /** Null when the line is not suspended, or was suspended before reasons were kept. */
  suspensionReason: string | null;
  /** The request whose MNO order is still open: the line takes no other order until it settles. */
  openRequestId: string | null;
}

/** TMF641-style states of a request on a line: open while its order is, then one of the others. */
export type LineRequestState = 'inProgress' | 'completed' | 'failed' | 'rejected';

/** A request id Handoff has seen, and what became of it (row of `line_requests`). */
export interface RecordedRequest {
  requestId: string;
  subscriberId: string;
  kind: LineRequestKind;
  state: LineRequestState;
  reasonCode: string | null;
  mnoOrderId: string | null;
}

/** What the line becomes when a request completes; a field left out stays as it is. */
export interface LineTarget {
  state: LineState;
  planCode?: string;
  iccid?: string;
  msisdn?: string;
  /** Kept while `state` is suspended, cleared otherwise. */
  suspensionReason?: SuspensionReason;
}
