import { redactCardNumbers } from '@handoff/card-data';
import { maskIccid, maskImsi, maskMsisdn } from './mask-rules';

/**
 * Personal data found by its shape inside free text (an error message, a SQL parameter), where no
 * field name tells what a value is. The shapes are narrow on purpose, so timestamps, amounts,
 * offsets and ids stay readable:
 * - ICCID: `89` then 17-18 more digits (19-20 in all), the telecom industry prefix;
 * - IMSI: exactly 15 digits starting with an MCC digit (2-7); epoch milliseconds have 13;
 * - MSISDN: E.164 only (`+` then 10-15 digits); a bare national number is too like an amount or id;
 * - card numbers: the card-data rule (13-19 digits, brand digit, Luhn).
 * A digit run glued to another digit, a letter or a `*` (already masked) is never matched.
 */
const ICCID = /(?<![\w*+])89\d{17,18}(?![\w*])/g;
const IMSI = /(?<![\w*+])[2-7]\d{14}(?![\w*])/g;
const MSISDN = /(?<![\w*+])\+\d{10,15}(?![\w*])/g;

/** Cheap exit: most strings hold no run of ten digits. */
const LONG_DIGIT_RUN = /\d{10}/;

export function maskPersonalText(text: string): string {
  if (!LONG_DIGIT_RUN.test(text) && !/\d[ -]\d/.test(text)) return text;
  return redactCardNumbers(
    text
      .replace(ICCID, (iccid) => maskIccid(iccid))
      .replace(IMSI, (imsi) => maskImsi(imsi))
      .replace(MSISDN, (msisdn) => maskMsisdn(msisdn)),
  );
}
