import {
  EventTypes,
  type ActivationAmounts,
  type ActivationCaptureFailed,
  type ActivationFailed,
  type ActivationRejected,
  type ProvisioningFailed,
  type ProvisioningStarted,
  type ProvisioningSucceeded,
  type SubscriberActivated,
} from '@handoff/contracts';
import type { NewEvent } from '@handoff/messaging';
import type { MnoOrder } from '@handoff/mno-provisioning';
import { chargesOf } from './activation-charges';
import type { ActivationRecord } from './activation.repository';

/** The facts the saga announces, built from the request and the MNO's answers. */
export interface Reason {
  code: string;
  message: string;
}

/**
 * The activation the saga speaks about: its request and the subscriber it is for. Every event the
 * saga announces is keyed by that subscriber id (subject, Kafka key and `subjectId`), also when the
 * request named none and was keyed by its activation id: the outcome announces the assigned id.
 */
export type Activation = Pick<ActivationRecord, 'request' | 'subscriberId'>;

/** What every activation event carries about the line it concerns. */
function about({ request: r, subscriberId }: Activation) {
  return {
    subjectId: subscriberId,
    activationId: r.activationId,
    subscriberId,
    iccid: r.iccid,
  };
}

export function activationRejected(
  a: Activation,
  reason: Reason,
  invalidField: string | null,
  step: ActivationRejected['step'] = 'validation',
): NewEvent<ActivationRejected> {
  return {
    type: EventTypes.ActivationRejected,
    subject: a.subscriberId,
    data: {
      ...about(a),
      dealerId: a.request.dealerId,
      step,
      reason,
      invalidField,
      declineCategory: null,
      rejectedAt: Date.now(),
    },
  };
}

export function provisioningStarted(
  a: Activation,
  order: MnoOrder,
  attempt: number,
): NewEvent<ProvisioningStarted> {
  const r = a.request;
  return {
    type: EventTypes.ProvisioningStarted,
    subject: a.subscriberId,
    data: {
      ...about(a),
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
  a: Activation,
  order: MnoOrder,
): NewEvent<ProvisioningSucceeded> {
  const r = a.request;
  return {
    type: EventTypes.ProvisioningSucceeded,
    subject: a.subscriberId,
    data: {
      ...about(a),
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

/** The line as provisioned: the MNO's answer, or the row that recorded it. */
export interface ProvisionedLine {
  msisdn: string | null;
  imsi: string | null;
}

/** What the activation was charged and taxed under; null ids when nothing was charged. */
export interface Settlement {
  paymentIntentId: string | null;
  taxDocumentCode: string | null;
}

/**
 * What a settled activation was charged: the request's charges, the document's tax and the total
 * authorized and captured, which the quote step made charges + tax. Null when nothing was charged.
 */
export function settledAmounts(
  a: Pick<ActivationRecord, 'request' | 'money'>,
): ActivationAmounts | null {
  const { taxTotalMinor, amountMinor, currency, paymentIntentId } = a.money;
  if (!paymentIntentId || amountMinor === null || taxTotalMinor === null) return null;
  const charges = chargesOf(a.request);
  if (!charges) return null;
  return {
    chargesMinor: charges.totalMinor,
    taxMinor: taxTotalMinor,
    totalMinor: amountMinor,
    currency: currency ?? charges.currency,
  };
}

export function subscriberActivated(
  a: Activation & Pick<ActivationRecord, 'money'>,
  line: ProvisionedLine,
  settlement: Settlement = { paymentIntentId: null, taxDocumentCode: null },
): NewEvent<SubscriberActivated> {
  const r = a.request;
  return {
    type: EventTypes.SubscriberActivated,
    subject: a.subscriberId,
    data: {
      subjectId: a.subscriberId,
      subscriberId: a.subscriberId,
      activationId: r.activationId,
      iccid: r.iccid,
      msisdn: line.msisdn ?? r.msisdn ?? '',
      imsi: line.imsi ?? '',
      planCode: r.planCode,
      channel: r.channel,
      dealerId: r.dealerId,
      paymentIntentId: settlement.paymentIntentId,
      taxTransactionId: settlement.taxDocumentCode,
      amounts: settledAmounts(a),
      requestedAt: r.requestedAt,
      activatedAt: Date.now(),
    },
  };
}

export function activationFailed(
  a: Activation,
  reason: Reason,
  owner: { team: string; integrationPoint: string },
  mnoOrderId: string | null,
  step: ActivationFailed['step'] = 'provisioning',
): NewEvent<ActivationFailed> {
  return {
    type: EventTypes.ActivationFailed,
    subject: a.subscriberId,
    data: {
      ...about(a),
      dealerId: a.request.dealerId,
      step,
      reason,
      ownerTeam: owner.team,
      integrationPoint: owner.integrationPoint,
      mnoOrderId,
      failedAt: Date.now(),
    },
  };
}

export function provisioningFailed(
  a: Activation,
  order: MnoOrder,
  reason: Reason,
  attempts: number,
): NewEvent<ProvisioningFailed> {
  return {
    type: EventTypes.ProvisioningFailed,
    subject: a.subscriberId,
    data: {
      ...about(a),
      serviceOrderId: order.orderId,
      orderState: 'failed',
      reason,
      retryable: false,
      attempts,
      failedAt: Date.now(),
    },
  };
}

/** The line is provisioned and its capture stayed failed: the BSS is told, the owner is payments. */
export function activationCaptureFailed(
  a: Activation & Pick<ActivationRecord, 'money'>,
  reason: Reason,
  owner: { team: string; integrationPoint: string },
): NewEvent<ActivationCaptureFailed> {
  return {
    type: EventTypes.ActivationCaptureFailed,
    subject: a.subscriberId,
    data: {
      ...about(a),
      dealerId: a.request.dealerId,
      paymentIntentId: a.money.paymentIntentId ?? '',
      amount: { amountMinor: a.money.amountMinor ?? 0, currency: a.money.currency ?? '' },
      taxDocumentCode: a.money.taxDocumentCode,
      reason,
      ownerTeam: owner.team,
      integrationPoint: owner.integrationPoint,
      failedAt: Date.now(),
    },
  };
}
