import { EventTypes, type LifecycleRequestRejected } from '@handoff/contracts';
import type { NewEvent } from '@handoff/messaging';
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
