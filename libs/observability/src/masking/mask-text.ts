import { redactCardNumbers } from '@handoff/card-data';
import { maskIccid, maskImsi, maskMsisdn } from './mask-rules';

/**
 * Personal data found by its shape inside free text (an error message, a SQL parameter), where no
 * field name tells what a value is. The shapes are narrow on purpose, so timestamps, amounts,
 * offsets and ids stay readable:
 * - ICCID: `89` then 17-18 more digits (19-20 in all), the telecom industry prefix;
 * - IMSI: exactly 15 digits starting with an MCC digit (2-7); epoch milliseconds have 13;
 * - MSISDN with its plus: E.164 (`+` then 10-15 digits);
 * - MSISDN without it (how Handoff stores numbers): a North American number, `1` then exactly ten
 *   digits whose area code and exchange start with 2-9 (country code 1 is always 11 digits, so a
 *   13-digit epoch millisecond starting with 1 is not one); elsewhere 12-15 digits starting with a
 *   country code digit 2-9, unless the run reads as a compact date (`20261203…`) or as epoch
 *   milliseconds within five years of now (from 2033 they start with 2). Ten digits or fewer are never
 *   masked without a plus: epoch seconds, offsets and counts look the same;
 * - card numbers: the card-data rule (13-19 digits, brand digit, Luhn).
 * A digit run glued to another digit, a letter or a `*` (already masked) is never matched; a bare
 * number is also not matched after `-` or `.` or before `-` or a decimal part (a UUID's last group,
 * a fraction, an amount).
 */
const ICCID = /(?<![\w*+])89\d{17,18}(?![\w*])/g;
const IMSI = /(?<![\w*+])[2-7]\d{14}(?![\w*])/g;
const MSISDN = /(?<![\w*+])\+\d{10,15}(?![\w*])/g;
const NANP_MSISDN = /(?<![\w*+.-])1[2-9]\d{2}[2-9]\d{6}(?![\w*-]|\.\d)/g;
const WORLD_MSISDN = /(?<![\w*+.-])[2-9]\d{11,14}(?![\w*-]|\.\d)/g;
const COMPACT_DATE = /^(19|20)\d\d(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])/;
const FIVE_YEARS_MS = 5 * 365.25 * 24 * 3_600_000;

/** A time logged is near now; a number that is one only by chance rarely is (a window that rolls). */
const nearNowInMillis = (run: string) =>
  run.length === 13 && Math.abs(Number(run) - Date.now()) < FIVE_YEARS_MS;

const maskBareMsisdn = (run: string) =>
  COMPACT_DATE.test(run) || nearNowInMillis(run) ? run : maskMsisdn(run);

/** Cheap exit: most strings hold no run of ten digits. */
const LONG_DIGIT_RUN = /\d{10}/;

export function maskPersonalText(text: string): string {
  if (!LONG_DIGIT_RUN.test(text) && !/\d[ -]\d/.test(text)) return text;
  return redactCardNumbers(
    text
      .replace(ICCID, (iccid) => maskIccid(iccid))
      .replace(IMSI, (imsi) => maskImsi(imsi))
      .replace(MSISDN, (msisdn) => maskMsisdn(msisdn))
      .replace(NANP_MSISDN, (msisdn) => maskMsisdn(msisdn))
      .replace(WORLD_MSISDN, maskBareMsisdn),
  );
}
