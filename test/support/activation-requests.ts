import { randomUUID } from 'node:crypto';
import { activationRequestKey, luhnCheckDigit } from '@handoff/activation-requests';
import {
  EventTypes,
  type ActivationRequested,
  type SubscriberSuspensionRequested,
} from '@handoff/contracts';
import type { NewEvent } from '@handoff/messaging';

let serial = Math.floor(Math.random() * 1e8);
export function newIccid(): string {
  const body = `8910042${String((serial += 1)).padStart(11, '0')}`;
  return body + luhnCheckDigit(body);
}

/** Where the BSS's sample subscribers live (the tax engine's US-CA-SANFRANCISCO). */
export const BSS_SERVICE_ADDRESS: ActivationRequested['serviceAddress'] = {
  line1: '500 Howard St',
  line2: null,
  city: 'San Francisco',
  county: 'San Francisco',
  stateOrProvince: 'CA',
  postalCode: '94105',
  countryCode: 'US',
};

/** A subscriber id as the BSS names its own subscribers. */
export const bssSubscriberId = () => `bss-${randomUUID()}`;

export interface BssActivationOptions {
  activationId?: string;
  /** The subscriber the BSS names (default: a new one); null leaves it to Handoff to assign. */
  subscriberId?: string | null;
}

/** An ActivationRequested as the BSS publishes it: keyed by its subscriber id (or activation id). */
export function bssActivation(iccid: string, options: BssActivationOptions = {}) {
  const data: ActivationRequested = {
    subjectId: '',
    activationId: options.activationId ?? `act-${randomUUID()}`,
    subscriberId: options.subscriberId === undefined ? bssSubscriberId() : options.subscriberId,
    iccid,
    msisdn: null,
    planCode: 'UNL-5G-30',
    channel: 'bss',
    dealerId: null,
    portIn: null,
    serviceAddress: { ...BSS_SERVICE_ADDRESS },
    charges: [],
    paymentMethodToken: null,
    requestedAt: Date.now(),
    dealerReference: null,
  };
  data.subjectId = activationRequestKey(data);
  return { id: randomUUID(), type: EventTypes.ActivationRequested, subject: data.subjectId, data };
}

/** The activation fee and the plan's first month, before tax (USD 25.00 + USD 40.00). */
export const ACTIVATION_CHARGES: ActivationRequested['charges'] = [
  {
    chargeCode: 'ACTIVATION_FEE',
    description: 'Activation fee',
    amount: { amountMinor: 2_500, currency: 'USD' },
  },
  {
    chargeCode: 'PLAN_MONTHLY',
    description: 'Unlimited 5G, first 30 days',
    amount: { amountMinor: 4_000, currency: 'USD' },
  },
];

/**
 * A BSS activation with charges, paid with `paymentMethodToken` (the simulator approves any token
 * but its declining test tokens, e.g. `pm_card_chargeDeclinedStolenCard`).
 */
export function chargedBssActivation(
  iccid: string,
  paymentMethodToken = 'pm_card_visa',
  options: BssActivationOptions = {},
) {
  const request = bssActivation(iccid, options);
  request.data.charges = ACTIVATION_CHARGES;
  request.data.paymentMethodToken = paymentMethodToken;
  return request;
}

/** A SubscriberSuspensionRequested as the BSS publishes it: keyed by the subscriber id. */
export function bssSuspension(
  subscriberId: string,
  iccid: string,
): NewEvent<SubscriberSuspensionRequested> {
  return {
    type: EventTypes.SubscriberSuspensionRequested,
    subject: subscriberId,
    data: {
      subjectId: subscriberId,
      requestId: `req-${randomUUID()}`,
      subscriberId,
      iccid,
      reasonCode: 'NON_PAYMENT',
      requestedAt: Date.now(),
      paymentId: null,
    },
  };
}
