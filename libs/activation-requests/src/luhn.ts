/**
 * The Luhn (mod 10) check digit that ends every ICCID (ITU-T E.118). Scanners and typing both
 * drop or swap digits; the check digit catches that before a vendor is ever called.
 */

const DIGITS = /^\d+$/;
const ICCID = /^89\d{17,18}$/;

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

/** Why `value` is not a usable ICCID, or undefined when it is one. */
export function iccidProblem(value: string): string | undefined {
  if (!/^\d{19,20}$/.test(value)) return 'must be 19 or 20 digits';
  if (!ICCID.test(value)) return 'must start with 89 (the telecom industry identifier)';
  if (!isLuhnValid(value)) return 'check digit does not match (Luhn): a digit is wrong or missing';
  return undefined;
}

/** A well-formed ICCID: 19 or 20 digits, `89` prefix, valid Luhn check digit. */
export function isValidIccid(value: string): boolean {
  return iccidProblem(value) === undefined;
}
