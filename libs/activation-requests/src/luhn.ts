import { isLuhnValid, luhnCheckDigit } from '@handoff/card-data';

/**
 * The Luhn (mod 10) check digit ends every ICCID (ITU-T E.118). Scanners and typing both drop or
 * swap digits; the check digit catches that before a vendor is ever called. The arithmetic lives
 * in `@handoff/card-data`, which uses it to find card numbers.
 */
export { isLuhnValid, luhnCheckDigit };

const ICCID = /^89\d{17,18}$/;

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
