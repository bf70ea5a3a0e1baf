import { maskPersonalData } from './mask-personal-data';

describe('maskPersonalData', () => {
  it('masks nested objects and arrays by field name and leaves other fields alone', () => {
    const event = {
      eventId: 'e-1',
      subscriber: {
        msisdn: '+14155550123',
        imsi: '310150123456789',
        firstName: 'Jane',
        lastName: 'Doe',
        email: 'jane@example.com',
        serviceAddress: { line1: '1 Market St', city: 'San Francisco', state: 'CA', country: 'US' },
      },
      sims: [{ iccid: '8901410321111851234', status: 'active' }],
      portIn: { accountNumber: '55501234', pin: '4321', donorCarrier: 'T-Mobile' },
      oldIccid: '8901410321111859999',
      msisdns: ['+14155550123', '+14155550124'],
    };

    expect(maskPersonalData(event)).toEqual({
      eventId: 'e-1',
      subscriber: {
        msisdn: '+1415*****23',
        imsi: '310150*******89',
        firstName: '***',
        lastName: '***',
        email: 'j***@example.com',
        serviceAddress: { line1: '***', city: 'San Francisco', state: 'CA', country: 'US' },
      },
      sims: [{ iccid: '890141*********1234', status: 'active' }],
      portIn: { accountNumber: '***', pin: '***', donorCarrier: 'T-Mobile' },
      oldIccid: '890141*********9999',
      msisdns: ['+1415*****23', '+1415*****24'],
    });
  });

  it('returns a copy and leaves the original untouched', () => {
    const original = { msisdn: '+14155550123' };
    maskPersonalData(original);
    expect(original.msisdn).toBe('+14155550123');
  });

  it('masks address lines found outside an address object', () => {
    expect(maskPersonalData({ street: '1 Market St', postalCode: '94105', city: 'SF' })).toEqual({
      street: '***',
      postalCode: '***',
      city: 'SF',
    });
  });

  it('replaces cycles instead of throwing', () => {
    const node: Record<string, unknown> = { msisdn: '+14155550123' };
    node.self = node;
    expect(maskPersonalData(node)).toEqual({ msisdn: '+1415*****23', self: '[Circular]' });
  });

  it('copies a shared, non-cyclic reference twice', () => {
    const shared = { iccid: '8901410321111851234' };
    expect(maskPersonalData({ a: shared, b: shared })).toEqual({
      a: { iccid: '890141*********1234' },
      b: { iccid: '890141*********1234' },
    });
  });

  it('masks the data fields of an error but keeps its class, name and message', () => {
    class VendorError extends Error {
      constructor(
        message: string,
        readonly msisdn: string,
      ) {
        super(message);
        this.name = 'VendorError';
      }
    }
    const masked = maskPersonalData(new VendorError('MNO rejected the order', '+14155550123'));
    expect(masked).toBeInstanceOf(VendorError);
    expect(masked.name).toBe('VendorError');
    expect(masked.message).toBe('MNO rejected the order');
    expect(masked.msisdn).toBe('+1415*****23');
  });

  it('leaves dates and other class instances to their serialisers', () => {
    const at = new Date('2025-01-01T00:00:00Z');
    expect(maskPersonalData({ at }).at).toBe(at);
  });
});

describe('maskPersonalData by value', () => {
  it('masks personal data inside a failed query error and its parameters, keeping other numbers', () => {
    const error = Object.assign(new Error('invalid input syntax for type bigint: "+14155550123"'), {
      query: 'INSERT INTO sims (iccid, msisdn, amount, at) VALUES ($1, $2, $3, $4)',
      parameters: ['8901410321111851234', '+14155550123', 1499, '2026-12-03T10:39:40.123Z'],
    });

    const masked = maskPersonalData({ error });

    expect(masked.error.message).toBe('invalid input syntax for type bigint: "+1415*****23"');
    expect(masked.error.stack).not.toContain('+14155550123');
    expect(masked.error.parameters).toEqual([
      '890141*********1234',
      '+1415*****23',
      1499,
      '2026-12-03T10:39:40.123Z',
    ]);
  });
});
