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
