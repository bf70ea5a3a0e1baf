import { iccidProblem, isLuhnValid, isValidIccid, luhnCheckDigit } from './luhn';

describe('luhnCheckDigit', () => {
  it.each([
    ['7992739871', 3],
    ['891004234814455936', 1],
    ['0', 0],
  ])('computes the check digit of %s as %i', (payload, digit) => {
    expect(luhnCheckDigit(payload)).toBe(digit);
  });

  it('refuses anything but digits', () => {
    expect(() => luhnCheckDigit('12a4')).toThrow('digits');
  });
});

describe('isLuhnValid', () => {
  it('accepts a number ending in its check digit and rejects a changed digit', () => {
    expect(isLuhnValid('79927398713')).toBe(true);
    expect(isLuhnValid('79927398710')).toBe(false);
    expect(isLuhnValid('79927398173')).toBe(false);
  });
});

describe('isValidIccid', () => {
  const payload19 = '891004234814455936';
  const valid19 = `${payload19}${luhnCheckDigit(payload19)}`;
  const payload20 = '8901410321111851234';
  const valid20 = `${payload20}${luhnCheckDigit(payload20)}`;

  it('accepts 19- and 20-digit ICCIDs with the 89 prefix and a valid check digit', () => {
    expect(isValidIccid(valid19)).toBe(true);
    expect(isValidIccid(valid20)).toBe(true);
  });

  it('names the reason an ICCID is refused', () => {
    expect(iccidProblem('12345')).toBe('must be 19 or 20 digits');
    expect(iccidProblem('8910 0423 4814 4559 36')).toBe('must be 19 or 20 digits');
    expect(iccidProblem(`7${valid19.slice(1)}`)).toContain('must start with 89');
    const wrongDigit = `${payload19}${(luhnCheckDigit(payload19) + 1) % 10}`;
    expect(iccidProblem(wrongDigit)).toContain('check digit');
    expect(isValidIccid(wrongDigit)).toBe(false);
  });
});
