import { PermanentError } from '@handoff/resilience';
import { assertMoney, money } from './money';

describe('assertMoney', () => {
  it('accepts a positive integer number of minor units in an ISO 4217 currency', () => {
    expect(() => assertMoney(money(1999, 'USD'))).not.toThrow();
    expect(() => assertMoney(money(1, 'JPY'))).not.toThrow();
  });

  it.each([
    [
      'a fractional amount',
      money(19.99, 'USD'),
      /amountMinor must be an integer number of minor units \(1999 for 19\.99\), got 19\.99/,
    ],
    ['a negative amount', money(-100, 'USD'), /between 1 and 99999999 minor units, got -100/],
    ['zero', money(0, 'USD'), /got 0/],
    ['NaN', money(Number.NaN, 'USD'), /got NaN/],
    ['an unsafe integer', money(2 ** 60, 'USD'), /integer number of minor units/],
    ['a lower-case currency', money(100, 'usd'), /currency must be an upper-case ISO 4217 code/],
    ['a currency symbol', money(100, '$'), /ISO 4217/],
  ])('refuses %s with a permanent error that says what is wrong', (_, value, message) => {
    const check = () => assertMoney(value, 'capture.amount');
    expect(check).toThrow(PermanentError);
    expect(check).toThrow(message);
    expect(check).toThrow(/^capture\.amount\./);
  });
});
