import { randomUUID } from 'node:crypto';
import { luhnCheckDigit } from '@handoff/activation-requests';
import { EventTypes, type ActivationRequested } from '@handoff/contracts';

let serial = Math.floor(Math.random() * 1e8);
export function newIccid(): string {
  const body = `8910042${String((serial += 1)).padStart(11, '0')}`;
  return body + luhnCheckDigit(body);
}

export function bssActivation(iccid: string, activationId = `act-${randomUUID()}`) {
  const data: ActivationRequested = {
    subjectId: iccid,
    activationId,
    subscriberId: null,
    iccid,
    msisdn: null,
    planCode: 'UNL-5G-30',
    channel: 'bss',
    dealerId: null,
    portIn: null,
    serviceAddress: {
      line1: '500 Howard St',
      line2: null,
      city: 'San Francisco',
      county: 'San Francisco',
      stateOrProvince: 'CA',
      postalCode: '94105',
      countryCode: 'US',
    },
    charges: [],
    paymentMethodToken: null,
    requestedAt: Date.now(),
    dealerReference: null,
  };
  return { id: randomUUID(), type: EventTypes.ActivationRequested, subject: iccid, data };
}
