/**
 * Why a lifecycle request is refused: stable codes the BSS and dealers branch on, carried in
 * `LifecycleRequestRejected.reason.code`. Each is a business outcome, never a dead letter.
 */
export const LineRejections = {
  /** The subscriber has no line (never activated, or activated under another id). */
  LineNotFound: 'LIFECYCLE.LINE_NOT_FOUND',
  /** The line is terminated (deactivated or ported out): it takes no further request. */
  LineTerminated: 'LIFECYCLE.LINE_TERMINATED',
  /** The line is only designed: not on the network yet, so only a deactivation makes sense. */
  LineNotActive: 'LIFECYCLE.LINE_NOT_ACTIVE',
  /** The request needs an active line and this one is suspended: resume it first. */
  LineSuspended: 'LIFECYCLE.LINE_SUSPENDED',
  LineAlreadySuspended: 'LIFECYCLE.LINE_ALREADY_SUSPENDED',
  LineNotSuspended: 'LIFECYCLE.LINE_NOT_SUSPENDED',
  SuspensionReasonUnknown: 'LIFECYCLE.SUSPENSION_REASON_UNKNOWN',
  PlanUnknown: 'LIFECYCLE.PLAN_UNKNOWN',
  PlanUnchanged: 'LIFECYCLE.PLAN_UNCHANGED',
  IccidInvalid: 'LIFECYCLE.ICCID_INVALID',
  /** The swap names an old SIM the line does not have: stale, or already applied under another id. */
  IccidMismatch: 'LIFECYCLE.ICCID_MISMATCH',
  IccidUnchanged: 'LIFECYCLE.ICCID_UNCHANGED',
  IccidBoundElsewhere: 'LIFECYCLE.ICCID_BOUND_ELSEWHERE',
  MsisdnInvalid: 'LIFECYCLE.MSISDN_INVALID',
  /** A port-in of the number the line already has. */
  NumberAlreadyOnLine: 'LIFECYCLE.NUMBER_ALREADY_ON_LINE',
  /** A port-in of a number another line of ours has, or is porting in. */
  MsisdnBoundElsewhere: 'LIFECYCLE.MSISDN_BOUND_ELSEWHERE',
  /** A port-out notice for a number this line no longer has (it ported a new one in since). */
  NumberNotOnLine: 'LIFECYCLE.NUMBER_NOT_ON_LINE',
} as const;

export type LineRejectionCode = (typeof LineRejections)[keyof typeof LineRejections];
