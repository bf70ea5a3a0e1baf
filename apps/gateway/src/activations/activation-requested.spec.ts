import { assignedSubscriberId, validateActivationRequest } from '@handoff/activation-requests';
import { EventTypes } from '@handoff/contracts';
import { dealerActivation } from './activation-requested';

function validRequest() {
  const result = validateActivationRequest({
    iccid: '8910042348144559361',
    msisdn: '+14155550123',
    planCode: 'UNL-5G-30',
    portIn: { donorOperator: 'Acme Mobile', accountNumber: 'A-1', pin: '1234' },
    serviceAddress: {
      line1: '500 Howard St',
      city: 'San Francisco',
      stateOrProvince: 'ca',
      postalCode: '94105',
      countryCode: 'us',
    },
  });
  if (!result.ok) throw new Error(JSON.stringify(result.fields));
  return result.request;
}

describe('dealerActivation', () => {
  const now = new Date('2025-11-25T10:00:00Z');

  it('makes the event id the correlation id and the assigned subscriber id the subject', () => {
    const { correlationId, event } = dealerActivation(validRequest(), 'dealer-1', now);
    expect(event).toMatchObject({
      id: correlationId,
      type: EventTypes.ActivationRequested,
      subject: event.data.subscriberId,
    });
  });

  it('assigns the subscriber id at intake, derived from the new activation id', () => {
    const { event } = dealerActivation(validRequest(), 'dealer-1', now);
    const { activationId, subscriberId, subjectId } = event.data;
    expect(subscriberId).toBe(assignedSubscriberId(activationId));
    expect(subjectId).toBe(subscriberId);
  });

  it('assigns every activation its own subscriber id', () => {
    const first = dealerActivation(validRequest(), 'dealer-1', now).event.data;
    const second = dealerActivation(validRequest(), 'dealer-1', now).event.data;
    expect(first.subscriberId).not.toBe(second.subscriberId);
  });

  it('fills the contract from the request: dealer channel, digits-only msisdn, nulls for absent fields', () => {
    const { event } = dealerActivation(validRequest(), 'dealer-1', now);
    expect(event.data).toEqual({
      subjectId: expect.stringMatching(/^sub-[0-9a-f-]{36}$/),
      activationId: expect.stringMatching(/^act-[0-9a-f-]{36}$/),
      subscriberId: expect.stringMatching(/^sub-[0-9a-f-]{36}$/),
      iccid: '8910042348144559361',
      msisdn: '14155550123',
      planCode: 'UNL-5G-30',
      channel: 'dealer',
      dealerId: 'dealer-1',
      // Inline here; the intake transaction checks them into the secret store (checkInPortIn).
      portIn: { donorOperator: 'Acme Mobile', accountNumber: 'A-1', pin: '1234', secretsRef: null },
      serviceAddress: {
        line1: '500 Howard St',
        line2: null,
        city: 'San Francisco',
        county: null,
        stateOrProvince: 'CA',
        postalCode: '94105',
        countryCode: 'US',
      },
      charges: [],
      paymentMethodToken: null,
      requestedAt: now.getTime(),
      dealerReference: null,
    });
  });
});
