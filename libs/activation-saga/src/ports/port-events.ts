import {
  EventTypes,
  type LifecycleRequestRejected,
  type PortInCompleted,
  type PortInPending,
  type PortInRejected,
  type PortInRequested,
  type Reason,
  type SubscriberPortedOut,
  type PortOutNotified,
} from '@handoff/contracts';
import type { NewEvent } from '@handoff/messaging';
import type { MnoLineOrder } from '@handoff/mno-provisioning';
import type { Line } from '../line/line';

/** The donor's refusals as the MNO relays them, in the codes a dealer acts on (docs/lifecycle.md). */
const DONOR_REFUSALS: Readonly<Record<string, string>> = {
  'MNO.PORT_IN_PIN_MISMATCH': 'PORT_IN.PIN_INVALID',
  'MNO.PORT_IN_ACCOUNT_MISMATCH': 'PORT_IN.ACCOUNT_MISMATCH',
};

const answer = (request: PortInRequested) => ({
  subjectId: request.subscriberId,
  requestId: request.requestId,
  subscriberId: request.subscriberId,
});

export function portInPending(
  request: PortInRequested,
  order: MnoLineOrder,
): NewEvent<PortInPending> {
  const data: PortInPending = {
    ...answer(request),
    msisdn: request.msisdn,
    donorOperator: request.portIn.donorOperator,
    serviceOrderId: order.orderId,
    expectedBy: null,
    pendingAt: Date.now(),
  };
  return { type: EventTypes.PortInPending, subject: request.subscriberId, data };
}

export function portInCompleted(
  request: PortInRequested,
  order: MnoLineOrder,
  previousMsisdn: string | null,
): NewEvent<PortInCompleted> {
  const data: PortInCompleted = {
    ...answer(request),
    msisdn: request.msisdn,
    previousMsisdn,
    donorOperator: request.portIn.donorOperator,
    serviceOrderId: order.orderId,
    completedAt: Date.now(),
  };
  return { type: EventTypes.PortInCompleted, subject: request.subscriberId, data };
}

/**
 * A failed port-in order: the donor's refusal (wrong PIN, account number) is `PortInRejected`, which
 * the dealer can act on; anything else the MNO refused is a `LifecycleRequestRejected` with its
 * `MNO.*` reason, the line unchanged.
 */
export function portInRefused(
  request: PortInRequested,
  order: MnoLineOrder | undefined,
  reason: Reason,
  line: Line | undefined,
): NewEvent<PortInRejected> | NewEvent<LifecycleRequestRejected> {
  const donorCode = DONOR_REFUSALS[reason.code];
  if (donorCode && order) {
    const data: PortInRejected = {
      ...answer(request),
      msisdn: request.msisdn,
      donorOperator: request.portIn.donorOperator,
      reason: { code: donorCode, message: reason.message },
      donorReasonCode: order.failure?.code ?? null,
      serviceOrderId: order.orderId,
      rejectedAt: Date.now(),
    };
    return { type: EventTypes.PortInRejected, subject: request.subscriberId, data };
  }
  const data: LifecycleRequestRejected = {
    ...answer(request),
    requestKind: 'portIn',
    reason,
    lineState: line?.state ?? null,
    rejectedAt: Date.now(),
  };
  return { type: EventTypes.LifecycleRequestRejected, subject: request.subscriberId, data };
}

export function subscriberPortedOut(
  notice: PortOutNotified,
  line: Line,
): NewEvent<SubscriberPortedOut> {
  const data: SubscriberPortedOut = {
    subjectId: line.subscriberId,
    requestId: notice.requestId,
    subscriberId: line.subscriberId,
    msisdn: notice.msisdn,
    iccid: line.iccid,
    recipientOperator: notice.recipientOperator,
    terminatedAt: Date.now(),
  };
  return { type: EventTypes.SubscriberPortedOut, subject: line.subscriberId, data };
}
