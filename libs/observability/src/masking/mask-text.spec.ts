import { maskPersonalText } from './mask-text';

describe('maskPersonalText', () => {
  it('masks an MSISDN, an ICCID and an IMSI inside an error message', () => {
    const message =
      'duplicate key (msisdn)=(+14155550123) for sim 8901410321111851234, imsi 310150123456789';

    expect(maskPersonalText(message)).toBe(
      'duplicate key (msisdn)=(+1415*****23) for sim 890141*********1234, imsi 310150*******89',
    );
  });

  it('redacts a card number by the card-data rule, grouped or not', () => {
    expect(maskPersonalText('card 4111 1111 1111 1111 declined')).toBe(
      'card [card number redacted] declined',
    );
    expect(maskPersonalText('pan=5555555555554444')).toBe('pan=[card number redacted]');
  });

  it('leaves timestamps, amounts, offsets and ids beside personal data alone', () => {
    const message =
      'at 2026-12-03T10:39:40.123Z (1764758380123 ms) charged 1499.99 USD, offset 4200000001, ' +
      'event 3f1c2a9e-0d4b-4e8a-9c61-2b7d5e8f1a30, msisdn +14155550123';

    expect(maskPersonalText(message)).toBe(
      'at 2026-12-03T10:39:40.123Z (1764758380123 ms) charged 1499.99 USD, offset 4200000001, ' +
        'event 3f1c2a9e-0d4b-4e8a-9c61-2b7d5e8f1a30, msisdn +1415*****23',
    );
  });

  it('does not mask a value twice, nor a digit run glued to letters', () => {
    const text = 'sim 890141*********1234 order ORD8901410321111851234';

    expect(maskPersonalText(text)).toBe(text);
  });

  it('returns a text without long digit runs unchanged', () => {
    expect(maskPersonalText('consumer group running')).toBe('consumer group running');
  });
});

describe('maskPersonalText: numbers stored without their plus', () => {
  it('masks a North American MSISDN, an international one, an ICCID and an IMSI as SQL parameters', () => {
    const parameters = '["14155550123","447911123456","8901410321111851234","310150123456789"]';

    expect(maskPersonalText(parameters)).toBe(
      '["1415*****23","4479******56","890141*********1234","310150*******89"]',
    );
  });

  it('masks a bare MSISDN inside a PostgreSQL error message and detail', () => {
    expect(maskPersonalText('invalid input syntax for type integer: "14155550123"')).toBe(
      'invalid input syntax for type integer: "1415*****23"',
    );
    expect(maskPersonalText('Key (msisdn)=(4915123456789) already exists.')).toBe(
      'Key (msisdn)=(4915*******89) already exists.',
    );
  });

  it.each([
    ['an ISO timestamp', 'at 2026-12-03T10:39:40.123456Z'],
    ['epoch milliseconds now', 'at 1764758380123'],
    ['epoch milliseconds of a few years on', `due ${Date.now() + 3 * 365 * 86_400_000}`],
    ['epoch seconds', 'at 1764758380'],
    ['epoch microseconds', 'at 1764758380123456'],
    ['a compact date-time', 'batch 20261203103940 and 202612031039'],
    ['a UUID whose last group is all digits', 'event 550e8400-e29b-41d4-a716-446655440000'],
    ['an amount with cents', 'charged 1234567.89 and 412345678901.50 USD'],
    ['a fraction', 'ratio 0.414155550123'],
    ['a Kafka offset and a partition', 'offset 4200000001 partition 11'],
    ['ports and counts', 'listening on 18087, 123456789 records, 9999999999 bytes'],
    ['a negative number', 'delta -14155550123'],
    ['an eleven-digit number that is not North American', 'id 10005550123 and 14150550123'],
  ])('leaves %s alone', (_what, text) => {
    expect(maskPersonalText(text)).toBe(text);
  });

  it('masks a number at the end of a sentence, not one glued to letters', () => {
    expect(maskPersonalText('ported 14155550123.')).toBe('ported 1415*****23.');
    expect(maskPersonalText('ref A14155550123')).toBe('ref A14155550123');
  });
});
