import {
  EventTypes,
  type ActivationFailed,
  type ActivationRejected,
  type ActivationRequested,
  type ProvisioningFailed,
  type ProvisioningStarted,
  type ProvisioningSucceeded,
  type SubscriberActivated,
} from '@handoff/contracts';
import type { NewEvent } from '@handoff/messaging';
import type { MnoOrder } from '@handoff/mno-provisioning';

/** The facts the saga announces, built from the request and the MNO's answers. */
export interface Reason {
  code: string;
  message: string;
}

/** What every activation event carries about the line it concerns. */
function about(r: ActivationRequested) {
  return {
    subjectId: r.subjectId,
    activationId: r.activationId,
    subscriberId: r.subscriberId,
    iccid: r.iccid,
  };
}

export function activationRejected(
  r: ActivationRequested,
  reason: Reason,
  invalidField: string | null,
): NewEvent<ActivationRejected> {
  return {
    type: EventTypes.ActivationRejected,
    subject: r.subjectId,
    data: {
      ...about(r),
      dealerId: r.dealerId,
      step: 'validation',
      reason,
      invalidField,
      rejectedAt: Date.now(),
    },
  };
}

export function provisioningStarted(
  r: ActivationRequested,
  order: MnoOrder,
  attempt: number,
): NewEvent<ProvisioningStarted> {
  return {
    type: EventTypes.ProvisioningStarted,
    subject: r.subjectId,
    data: {
      ...about(r),
      msisdn: r.msisdn,
      planCode: r.planCode,
      serviceOrderId: order.orderId,
      orderState: order.state === 'inProgress' ? 'inProgress' : 'acknowledged',
      includesPortIn: r.portIn !== null,
      attempt,
      startedAt: Date.now(),
      expectedBy: null,
    },
  };
}

export function provisioningSucceeded(
  r: ActivationRequested,
  order: MnoOrder,
): NewEvent<ProvisioningSucceeded> {
  return {
    type: EventTypes.ProvisioningSucceeded,
    subject: r.subjectId,
    data: {
      ...about(r),
      msisdn: order.msisdn ?? r.msisdn ?? '',
      imsi: order.imsi ?? '',
      planCode: r.planCode,
      serviceOrderId: order.orderId,
      orderState: 'completed',
      portedIn: r.portIn !== null,
      completedAt: Date.now(),
    },
  };
}

export function subscriberActivated(
  r: ActivationRequested,
  order: MnoOrder,
  subscriberId: string,
): NewEvent<SubscriberActivated> {
  return {
    type: EventTypes.SubscriberActivated,
    subject: r.subjectId,
    data: {
      subjectId: r.subjectId,
      subscriberId,
      activationId: r.activationId,
      iccid: r.iccid,
      msisdn: order.msisdn ?? r.msisdn ?? '',
      imsi: order.imsi ?? '',
      planCode: r.planCode,
      channel: r.channel,
      dealerId: r.dealerId,
      paymentIntentId: null,
      taxTransactionId: null,
      requestedAt: r.requestedAt,
      activatedAt: Date.now(),
    },
  };
}

export function activationFailed(
  r: ActivationRequested,
  reason: Reason,
  owner: { team: string; integrationPoint: string },
  mnoOrderId: string | null,
): NewEvent<ActivationFailed> {
  return {
    type: EventTypes.ActivationFailed,
    subject: r.subjectId,
    data: {
      ...about(r),
      dealerId: r.dealerId,
      step: 'provisioning',
      reason,
      ownerTeam: owner.team,
      integrationPoint: owner.integrationPoint,
      mnoOrderId,
      failedAt: Date.now(),
    },
  };
}

export function provisioningFailed(
  r: ActivationRequested,
  order: MnoOrder,
  reason: Reason,
  attempts: number,
): NewEvent<ProvisioningFailed> {
  return {
    type: EventTypes.ProvisioningFailed,
    subject: r.subjectId,
    data: {
      ...about(r),
      serviceOrderId: order.orderId,
      orderState: 'failed',
      reason,
      retryable: false,
      attempts,
      failedAt: Date.now(),
    },
  };
}
