import { cardDataFields, redactCardData } from './card-data-scan';
import { cardNumbersIn, containsCardNumber, redactCardNumbers } from './card-number';
import { luhnCheckDigit } from './luhn';

const VISA = '4111111111111111';
const withCheckDigit = (payload: string) => `${payload}${luhnCheckDigit(payload)}`;

describe('containsCardNumber', () => {
  it.each([
    ['a bare Visa number', VISA],
    ['groups of four with spaces', '4111 1111 1111 1111'],
    ['groups of four with dashes', '4111-1111-1111-1111'],
    ['an Amex number (15 digits, 4-6-5)', '3782 822463 10005'],
    ['a 2-series Mastercard', '2223003122003222'],
    ['a 13-digit number', withCheckDigit('422222222222')],
    ['a 19-digit number', withCheckDigit('622222222222222222')],
    ['a number inside a sentence', `customer paid with ${VISA}, see receipt`],
    ['a number after a receipt prefix and a date', 'RCPT-2025-11-25-4111111111111111'],
  ])('finds %s', (_what, text) => {
    expect(containsCardNumber(text)).toBe(true);
  });

  it.each([
    ['a number failing Luhn', '4111111111111112'],
    ['a Luhn-valid number starting with 1 (no card brand)', withCheckDigit('111111111111111')],
    ['a Luhn-valid number starting with 7', withCheckDigit('711111111111111')],
    ['12 digits', withCheckDigit('41111111111')],
    ['20 digits', withCheckDigit('4111111111111111111')],
    ['a number glued to letters', `RCPT${VISA}`],
    ['a valid 19-digit ICCID', withCheckDigit('891004234814455936')],
    ['a valid 20-digit ICCID', withCheckDigit('8901410321111851234')],
    ['an E.164 MSISDN', '+14155550123'],
    ['an IMSI', '310260123456789'],
    ['an amount', '2500.00'],
    ['an ISO timestamp', '2026-12-03T07:25:31.123Z'],
    ['epoch milliseconds', '1764745531123'],
    ['a UUID with long digit segments', '12345678-1234-4234-9234-411111111111'],
    ['a receipt number', 'RCPT-2025-11-25-0017'],
    ['a processor token', 'pm_1QdE2f3Gh4Ij5Kl6'],
  ])('does not flag %s', (_what, text) => {
    expect(containsCardNumber(text)).toBe(false);
  });
});

describe('redactCardNumbers', () => {
  it('replaces every number and keeps the text around it', () => {
    expect(redactCardNumbers(`cards 4111 1111 1111 1111 and 3782-822463-10005 (ref 17)`)).toBe(
      'cards [card number redacted] and [card number redacted] (ref 17)',
    );
    expect(cardNumbersIn('ref 17')).toEqual([]);
  });
});

describe('cardDataFields and redactCardData', () => {
  const iccid = withCheckDigit('891004234814455936');
  const event = {
    subjectId: 'sub-12345678-1234-4234-9234-411111111111',
    activationId: 'act-9b2f4a51-4a59-4d51-8c1e-0b0b5bd2ad3e',
    iccid,
    msisdn: '14155550123',
    imsi: '310260123456789',
    dealerReference: `card ${VISA}`,
    charges: [{ description: 'Activation fee', amount: { amountMinor: 4111111111111111 } }],
    portIn: { donorOperator: 'Acme', accountNumber: '4111-1111-1111-1111', pin: null },
  };

  it('names the free-text fields holding a card number, not the fields in their own format', () => {
    expect(cardDataFields(event)).toEqual(['dealerReference', 'portIn.accountNumber']);
  });

  it('searches a field whose value does not fit its format, and names array items', () => {
    expect(cardDataFields({ iccid: VISA, charges: [{ description: VISA }] })).toEqual([
      'iccid',
      'charges[0].description',
    ]);
    expect(cardDataFields({ subscriberId: VISA, imsi: `card ${VISA}` })).toEqual([
      'subscriberId',
      'imsi',
    ]);
  });

  it('finds nothing in an event without a card number', () => {
    expect(cardDataFields({ ...event, dealerReference: 'RCPT-17', portIn: null })).toEqual([]);
  });

  it('copies the payload with the numbers redacted and leaves the original alone', () => {
    const redacted = redactCardData(event);
    expect(redacted.dealerReference).toBe('card [card number redacted]');
    expect(redacted.portIn.accountNumber).toBe('[card number redacted]');
    expect(redacted.iccid).toBe(iccid);
    expect(redacted.charges[0].amount.amountMinor).toBe(4111111111111111);
    expect(event.dealerReference).toBe(`card ${VISA}`);
    expect(cardDataFields(redacted)).toEqual([]);
  });
});
