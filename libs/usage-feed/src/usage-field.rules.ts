/** Parsers of single CSV fields: a value, or `Invalid` with why. Empty means "not given". */
export class Invalid {
  constructor(readonly reason: string) {}
}

export type Field<T> = T | Invalid;

const ISO_UTC = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(\.\d{1,3})?Z$/;
const WHOLE = /^\d{1,15}$/;

/** ISO 8601 in UTC with a `Z`, seconds required, milliseconds optional: the MNO's clock, unambiguous. */
export function utcTime(text: string): Field<number> {
  const match = ISO_UTC.exec(text);
  const ms = match ? Date.parse(text) : NaN;
  // Date.parse rolls 2026-02-30 over to March; a date that does not round-trip is not a date.
  if (!match || Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 19) !== match[1]) {
    return new Invalid(`"${text}" is not an ISO 8601 UTC time such as 2026-12-02T14:03:11Z`);
  }
  return ms;
}

/** A whole number of at most 15 digits (exact as a JavaScript number), at least `min`. */
export function whole(text: string, min = 0): Field<number | null> {
  if (text === '') return null;
  if (!WHOLE.test(text) || Number(text) < min) {
    return new Invalid(`"${text}" is not a whole number${min > 0 ? ` of at least ${min}` : ''}`);
  }
  return Number(text);
}

export function flag(text: string): Field<boolean> {
  if (text === 'true') return true;
  if (text === 'false') return false;
  return new Invalid(`"${text}" is not true or false`);
}

/** One compiled pattern per length range: a million-line file asks the same two or three. */
const DIGIT_PATTERNS = new Map<string, RegExp>();

function digitPattern(min: number, max: number): RegExp {
  const key = `${min},${max}`;
  let pattern = DIGIT_PATTERNS.get(key);
  if (!pattern) {
    pattern = new RegExp(`^\\d{${min},${max}}$`);
    DIGIT_PATTERNS.set(key, pattern);
  }
  return pattern;
}

/** Digits only, between `min` and `max` of them; the value is personal data, so never echoed. */
export function digits(text: string, min: number, max: number): Field<string | null> {
  if (text === '') return null;
  return digitPattern(min, max).test(text)
    ? text
    : new Invalid(`not ${min === max ? min : `${min} to ${max}`} digits`);
}

/** Free text of the MNO (cell, zone): printable, bounded. */
export function label(text: string, max: number): Field<string | null> {
  if (text === '') return null;
  return text.length <= max && /^[\x21-\x7e]+$/.test(text)
    ? text
    : new Invalid(`"${text.slice(0, max)}" is not up to ${max} printable characters`);
}
