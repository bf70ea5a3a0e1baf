import { isLuhnValid } from './luhn';

/** Where a card number sits in a text: `text.slice(start, end)`. */
export interface CardNumberSpan {
  start: number;
  end: number;
}

export const CARD_NUMBER_REDACTED = '[card number redacted]';

const MIN_DIGITS = 13;
const MAX_DIGITS = 19;
/** Digit groups joined by one space or dash, not glued to a letter or digit on either side. */
const DIGIT_RUN = /(?<![A-Za-z0-9])\d+(?:[ -]\d+)*(?![A-Za-z0-9])/g;
const GROUP = /\d+/g;
/** UUIDs (and the ids built on them) may hold long digit segments; they are never card numbers. */
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

/**
 * The card numbers in `text`: 13 to 19 digits, in groups joined by single spaces or dashes, the
 * first a card-brand digit (2 to 6: Mastercard, Amex/Diners, Visa, Mastercard, Discover/Maestro),
 * passing Luhn. A run of groups is searched window by window, so a number typed between a date and
 * a receipt number is still found.
 */
export function cardNumbersIn(text: string): CardNumberSpan[] {
  if (!hasEnoughDigits(text)) return [];
  const spans: CardNumberSpan[] = [];
  for (const run of text.replace(UUID, (uuid) => '-'.repeat(uuid.length)).matchAll(DIGIT_RUN)) {
    spans.push(...cardNumbersInRun(run[0], run.index));
  }
  return spans;
}

export function containsCardNumber(text: string): boolean {
  return cardNumbersIn(text).length > 0;
}

/** `text` with every card number replaced by `[card number redacted]`. */
export function redactCardNumbers(text: string): string {
  let redacted = text;
  for (const { start, end } of cardNumbersIn(text).reverse()) {
    redacted = redacted.slice(0, start) + CARD_NUMBER_REDACTED + redacted.slice(end);
  }
  return redacted;
}

/** The cheap exit for nearly every string: fewer than 13 digits hold no card number. */
function hasEnoughDigits(text: string): boolean {
  let digits = 0;
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    if (code >= 48 && code <= 57 && ++digits >= MIN_DIGITS) return true;
  }
  return false;
}

function cardNumbersInRun(run: string, offset: number): CardNumberSpan[] {
  const groups = [...run.matchAll(GROUP)].map((g) => ({ digits: g[0], start: g.index }));
  const spans: CardNumberSpan[] = [];
  for (let first = 0; first < groups.length; first += 1) {
    let digits = '';
    for (let last = first; last < groups.length; last += 1) {
      digits += groups[last].digits;
      if (digits.length > MAX_DIGITS) break;
      if (digits.length >= MIN_DIGITS && isCardNumber(digits)) {
        const end = groups[last].start + groups[last].digits.length;
        spans.push({ start: offset + groups[first].start, end: offset + end });
        first = last; // the next number starts after this one
        break;
      }
    }
  }
  return spans;
}

function isCardNumber(digits: string): boolean {
  return digits[0] >= '2' && digits[0] <= '6' && isLuhnValid(digits);
}
