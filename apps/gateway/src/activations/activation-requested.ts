import { randomUUID } from 'node:crypto';
import { assignedSubscriberId, type ActivationRequest } from '@handoff/activation-requests';
import { EventTypes, type ActivationRequested } from '@handoff/contracts';
import type { NewEvent } from '@handoff/messaging';

export interface DealerActivation {
  /** Also the id of the ActivationRequested event, which makes it the saga's correlation id. */
  correlationId: string;
  event: NewEvent<ActivationRequested>;
}

/** The event contract carries E.164 digits without the plus sign. */
const e164Digits = (msisdn: string) => msisdn.replace(/^\+/, '');

function payloadOf(request: ActivationRequest, dealerId: string, now: Date): ActivationRequested {
  const address = request.serviceAddress;
  const activationId = `act-${randomUUID()}`;
  const subscriberId = assignedSubscriberId(activationId);
  return {
    subjectId: subscriberId,
    activationId,
    subscriberId,
    iccid: request.iccid,
    msisdn: e164Digits(request.msisdn),
    planCode: request.planCode,
    channel: 'dealer',
    dealerId,
    // Inline until the intake transaction checks the secrets in (`checkInPortIn`).
    portIn: request.portIn ? { ...request.portIn, secretsRef: null } : null,
    serviceAddress: { ...address, line2: address.line2 ?? null, county: address.county ?? null },
    charges: request.charges,
    paymentMethodToken: request.paymentMethodToken ?? null,
    requestedAt: now.getTime(),
    dealerReference: request.dealerReference ?? null,
  };
}

/**
 * A validated dealer request as the event that starts the saga. The gateway assigns the subscriber
 * id here, at intake, and keys the event by it: every later event of this line is keyed by the same
 * id, so it stays in order behind the activation (decision 6).
 */
export function dealerActivation(
  request: ActivationRequest,
  dealerId: string,
  now: Date,
): DealerActivation {
  const correlationId = randomUUID();
  const data = payloadOf(request, dealerId, now);
  const event: NewEvent<ActivationRequested> = {
    id: correlationId,
    type: EventTypes.ActivationRequested,
    subject: data.subjectId,
    data,
  };
  return { correlationId, event };
}
