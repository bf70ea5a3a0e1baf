/**
 * The Luhn (mod 10) check digit. It ends every ICCID (ITU-T E.118) and every card number (ISO/IEC
 * 7812): the same arithmetic tells a typo in an ICCID and a card number in free text.
 */

const DIGITS = /^\d+$/;

/** The digit to append to `payload` so that the whole number passes the Luhn check. */
export function luhnCheckDigit(payload: string): number {
  if (!DIGITS.test(payload)) throw new Error('luhnCheckDigit needs a string of digits');
  let sum = 0;
  // Walking from the right, the digit next to the (future) check digit is doubled first.
  for (let i = payload.length - 1, double = true; i >= 0; i -= 1, double = !double) {
    const digit = Number(payload[i]) * (double ? 2 : 1);
    sum += digit > 9 ? digit - 9 : digit;
  }
  return (10 - (sum % 10)) % 10;
}

/** True when the last digit of `digits` is the Luhn check digit of the rest. */
export function isLuhnValid(digits: string): boolean {
  if (digits.length < 2 || !DIGITS.test(digits)) return false;
  return luhnCheckDigit(digits.slice(0, -1)) === Number(digits[digits.length - 1]);
}
