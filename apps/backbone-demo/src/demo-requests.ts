import { randomUUID } from 'node:crypto';
import { luhnCheckDigit } from '@handoff/activation-requests';
import type { ActivationRequested } from '@handoff/contracts';
import type { NewEvent } from '@handoff/messaging';
import { EventTypes } from '@handoff/contracts';
import { DemoPlans } from './demo-activation.handler';

/** A 19-digit ICCID (`89` telecom prefix, `1` country, issuer, serial) with its Luhn check digit. */
export function demoIccid(serial: number): string {
  const body = `891004234${String(serial).padStart(9, '0')}`;
  return body + luhnCheckDigit(body);
}

export function activationRequest(serial: number, planCode: string): NewEvent<ActivationRequested> {
  const iccid = demoIccid(serial);
  const channel = serial % 2 === 0 ? 'dealer' : 'bss';
  // Keyed by the subscriber, as every lifecycle event is (docs/decisions.md, decision 6).
  const subscriberId = `sub-demo-${randomUUID()}`;
  return {
    type: EventTypes.ActivationRequested,
    subject: subscriberId,
    data: {
      subjectId: subscriberId,
      activationId: `act-${randomUUID()}`,
      subscriberId,
      iccid,
      msisdn: null,
      planCode,
      channel,
      dealerId: channel === 'dealer' ? 'dealer-0042' : null,
      portIn: null,
      serviceAddress: {
        line1: `${100 + serial} Howard St`,
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
    },
  };
}

/** The scenario: mostly ordinary requests, two that meet a flaky vendor, two the network rejects. */
export function scenarioRequests(
  count: number,
  firstSerial: number,
): NewEvent<ActivationRequested>[] {
  return Array.from({ length: count }, (_, i) => {
    const plan =
      i === 5 || i === 17
        ? DemoPlans.FlakyVendor
        : i === 11 || i === 23
          ? DemoPlans.UnknownIccid
          : DemoPlans.Standard;
    return activationRequest(firstSerial + i, plan);
  });
}
