import { EventTypes, type LifecycleRequestRejected } from '@handoff/contracts';
import type { NewEvent } from '@handoff/messaging';
import { DeferredError } from '@handoff/resilience';
import type { Line, LineRequestKind } from './line';
import type { LineRequestIntake } from './line.repository';

/** The kinds the BSS asks for; a port-out notice comes from the MNO and is never refused back. */
export type RequestedKind = Exclude<LineRequestKind, 'portOut'>;

/** The answer to a refused request, keyed by the subscriber it named. */
export function requestRejected(
  intake: LineRequestIntake & { kind: RequestedKind },
  /** Handoff's rules' refusal, or the MNO's (`MNO.*`). */
  refusal: { code: string; message: string },
  line: Line | undefined,
): NewEvent<LifecycleRequestRejected> {
  return {
    type: EventTypes.LifecycleRequestRejected,
    subject: intake.subscriberId,
    data: {
      subjectId: intake.subscriberId,
      requestId: intake.requestId,
      subscriberId: intake.subscriberId,
      requestKind: intake.kind,
      reason: { code: refusal.code, message: refusal.message },
      lineState: line?.state ?? null,
      rejectedAt: Date.now(),
    },
  };
}

/** How soon a request behind a line's open order looks again. */
const BUSY_RETRY_AFTER_MS = 1_000;

/**
 * A request on a line with an open order: it waits in the retry path without spending retries,
 * the subscriber's later records parked behind it, and is decided again once the order settles.
 */
export function lineBusy(subscriberId: string, openRequestId: string): DeferredError {
  return new DeferredError(
    'LIFECYCLE.LINE_BUSY',
    `line of ${subscriberId} has request ${openRequestId} open`,
    { retryAfterMs: BUSY_RETRY_AFTER_MS },
  );
}
