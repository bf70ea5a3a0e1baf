import { randomUUID } from 'node:crypto';
import type { ActivationRequest } from '@handoff/activation-requests';
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
  return {
    subjectId: request.iccid,
    activationId: `act-${randomUUID()}`,
    subscriberId: null,
    iccid: request.iccid,
    msisdn: e164Digits(request.msisdn),
    planCode: request.planCode,
    channel: 'dealer',
    dealerId,
    portIn: request.portIn ?? null,
    serviceAddress: { ...address, line2: address.line2 ?? null, county: address.county ?? null },
    charges: request.charges,
    paymentMethodToken: request.paymentMethodToken ?? null,
    requestedAt: now.getTime(),
    dealerReference: request.dealerReference ?? null,
  };
}

/**
 * A validated dealer request as the event that starts the saga. The subject is the ICCID: no
 * subscriber exists yet, and keying by it keeps this SIM's later events in order behind it.
 */
export function dealerActivation(
  request: ActivationRequest,
  dealerId: string,
  now: Date,
): DealerActivation {
  const correlationId = randomUUID();
  const event: NewEvent<ActivationRequested> = {
    id: correlationId,
    type: EventTypes.ActivationRequested,
    subject: request.iccid,
    data: payloadOf(request, dealerId, now),
  };
  return { correlationId, event };
}
