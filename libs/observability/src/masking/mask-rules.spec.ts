import {
  maskAddress,
  maskEmail,
  maskIccid,
  maskImsi,
  maskMsisdn,
  maskSecret,
  maskSubscriberId,
} from './mask-rules';

describe('mask rules', () => {
  it('keeps the country code and area prefix and the last two digits of an MSISDN', () => {
    expect(maskMsisdn('+14155550123')).toBe('+1415*****23');
    expect(maskMsisdn('4155550123')).toBe('415*****23');
    expect(maskMsisdn('+1 (415) 555-0123')).toBe('+1415*****23');
  });

  it('masks a too-short MSISDN entirely', () => {
    expect(maskMsisdn('12345')).toBe('***');
  });

  it('keeps the first six and the last four digits of an ICCID', () => {
    expect(maskIccid('8901410321111851234')).toBe('890141*********1234');
    expect(maskIccid('89014103211118512345')).toBe('890141**********2345');
  });

  it('keeps MCC+MNC and the last two digits of an IMSI', () => {
    expect(maskImsi('310150123456789')).toBe('310150*******89');
    expect(maskImsi('234150123456789')).toBe('23415********89');
  });

  it('masks PINs and account numbers fully', () => {
    expect(maskSecret('1234')).toBe('***');
    expect(maskSecret(987654321)).toBe('***');
  });

  it('keeps only the first letter and the domain of an email', () => {
    expect(maskEmail('jane.doe@example.com')).toBe('j***@example.com');
    expect(maskEmail('not-an-email')).toBe('***');
  });

  it('keeps only city, state and country of an address', () => {
    const address = {
      line1: '1 Market St',
      line2: 'Apt 4',
      city: 'San Francisco',
      state: 'CA',
      postalCode: '94105',
      country: 'US',
    };
    expect(maskAddress(address)).toEqual({
      line1: '***',
      line2: '***',
      city: 'San Francisco',
      state: 'CA',
      postalCode: '***',
      country: 'US',
    });
    expect(maskAddress('1 Market St, San Francisco')).toBe('***');
  });

  it('is idempotent, so a value masked before logging keeps its visible digits', () => {
    expect(maskMsisdn(maskMsisdn('+14155550123'))).toBe('+1415*****23');
    expect(maskIccid(maskIccid('8901410321111851234'))).toBe('890141*********1234');
    expect(maskImsi(maskImsi('310150123456789'))).toBe('310150*******89');
    expect(maskEmail(maskEmail('jane@example.com'))).toBe('j***@example.com');
  });

  it('masks a subscriber id only when it is an ICCID or an MSISDN', () => {
    expect(maskSubscriberId('8901410321111851234')).toBe('890141*********1234');
    expect(maskSubscriberId('+14155550123')).toBe('+1415*****23');
    expect(maskSubscriberId('sub_7f3c2a')).toBe('sub_7f3c2a');
  });
});
