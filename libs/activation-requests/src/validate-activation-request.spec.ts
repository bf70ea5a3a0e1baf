import { luhnCheckDigit } from './luhn';
import { validateActivationRequest, type PlanCatalogue } from './validate-activation-request';

const catalogue: PlanCatalogue = { knownPlans: new Set(['UNL-5G-30', 'BASIC-5G-15']) };

const validBody = () => ({
  iccid: '8910042348144559361',
  msisdn: '+14155550123',
  planCode: 'UNL-5G-30',
  serviceAddress: {
    line1: '500 Howard St',
    city: 'San Francisco',
    stateOrProvince: 'CA',
    postalCode: '94105',
    countryCode: 'US',
  },
});

const fieldsOf = (body: unknown) => {
  const result = validateActivationRequest(body, catalogue);
  return result.ok ? [] : result.fields.map((f) => f.field);
};

describe('validateActivationRequest', () => {
  it('accepts a complete request and fills the defaults', () => {
    const result = validateActivationRequest(validBody(), catalogue);
    expect(result).toEqual({
      ok: true,
      request: expect.objectContaining({ iccid: '8910042348144559361', charges: [] }),
    });
  });

  it('accepts a port-in with all three fields, the msisdn being the number to port', () => {
    const body = {
      ...validBody(),
      portIn: { donorOperator: 'Acme Mobile', accountNumber: 'A-100', pin: '4321' },
    };
    expect(validateActivationRequest(body, catalogue).ok).toBe(true);
  });

  it('reports every failing field at once, not only the first', () => {
    const body = {
      iccid: '8910042348144559362',
      msisdn: '4155550123',
      planCode: 'NOPE',
      serviceAddress: { line1: '', city: 'SF', stateOrProvince: 'CA', postalCode: '1' },
    };
    expect(fieldsOf(body)).toEqual([
      'iccid',
      'msisdn',
      'serviceAddress.line1',
      'serviceAddress.countryCode',
      'planCode',
    ]);
  });

  it('names a missing msisdn and every missing port-in field', () => {
    const body = { ...validBody(), msisdn: undefined, portIn: { donorOperator: 'Acme' } };
    expect(fieldsOf(body)).toEqual(['msisdn', 'portIn.accountNumber', 'portIn.pin']);
  });

  it('explains why an ICCID is refused', () => {
    const payload = '891004234814455936';
    const wrong = `${payload}${(luhnCheckDigit(payload) + 5) % 10}`;
    const result = validateActivationRequest({ ...validBody(), iccid: wrong }, catalogue);
    expect(result).toEqual({
      ok: false,
      fields: [{ field: 'iccid', message: expect.stringContaining('check digit') }],
    });
  });

  it('refuses a country code that is well-formed but not assigned', () => {
    const body = {
      ...validBody(),
      serviceAddress: { ...validBody().serviceAddress, countryCode: 'UK' },
    };
    expect(fieldsOf(body)).toEqual(['serviceAddress.countryCode']);
  });

  it('refuses an unknown plan only when a catalogue is given', () => {
    const body = { ...validBody(), planCode: 'GOLD-1' };
    expect(fieldsOf(body)).toEqual(['planCode']);
    expect(validateActivationRequest(body).ok).toBe(true);
  });

  it('needs a payment token for charges and refuses a card number in its place', () => {
    const charges = [
      {
        chargeCode: 'ACTIVATION_FEE',
        description: 'Fee',
        amount: { amountMinor: 2500, currency: 'USD' },
      },
    ];
    expect(fieldsOf({ ...validBody(), charges })).toEqual(['paymentMethodToken']);
    expect(
      fieldsOf({ ...validBody(), charges, paymentMethodToken: '4111 1111 1111 1111' }),
    ).toEqual(['paymentMethodToken']);
    expect(fieldsOf({ ...validBody(), charges, paymentMethodToken: 'pm_1QdE2f3G' })).toEqual([]);
  });

  it('refuses a card number in any free-text field, naming the field, and passes a valid ICCID', () => {
    const body = {
      ...validBody(),
      dealerReference: 'paid 4111-1111-1111-1111',
      serviceAddress: { ...validBody().serviceAddress, line2: 'card 3782 822463 10005' },
    };
    const result = validateActivationRequest(body, catalogue);
    expect(result).toEqual({
      ok: false,
      fields: [
        { field: 'serviceAddress.line2', message: expect.stringContaining('card number') },
        { field: 'dealerReference', message: expect.stringContaining('card number') },
      ],
    });
    expect(JSON.stringify(result)).not.toContain('4111');
    expect(fieldsOf({ ...validBody(), dealerReference: 'RCPT-2025-11-25-0017' })).toEqual([]);
  });

  it('names unknown fields instead of dropping them', () => {
    expect(fieldsOf({ ...validBody(), cardNumber: '4111111111111111' })).toEqual(['cardNumber']);
  });

  it('refuses a body that is not an object', () => {
    expect(validateActivationRequest([1, 2], catalogue)).toEqual({
      ok: false,
      fields: [{ field: 'body', message: 'must be a JSON object' }],
    });
  });

  it('still checks the plan when other fields have the wrong type', () => {
    expect(fieldsOf({ ...validBody(), iccid: 42, serviceAddress: 'here', planCode: 'X' })).toEqual([
      'iccid',
      'serviceAddress',
      'planCode',
    ]);
  });
});
