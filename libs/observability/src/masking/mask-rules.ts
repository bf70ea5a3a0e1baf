/**
 * Masks for single personal-data values. Each keeps just enough to tell two values apart in a log
 * (a prefix that names the network, a short suffix) and nothing that identifies a person.
 */
export const FULL_MASK = '***';

const digitsOf = (value: unknown): string => String(value).replace(/\D/g, '');

/** Masking twice must not lose the kept prefix and suffix (a value may be masked before logging). */
function isMasked(value: unknown, head: number, tail: number): value is string {
  return (
    typeof value === 'string' && new RegExp(`^\\+?\\d{0,${head}}\\*+\\d{0,${tail}}$`).test(value)
  );
}

function keepEnds(digits: string, head: number, tail: number): string {
  if (digits.length <= head + tail) return FULL_MASK;
  const hidden = digits.length - head - tail;
  return digits.slice(0, head) + '*'.repeat(hidden) + digits.slice(digits.length - tail);
}

/**
 * `+14155550123` → `+1415*****23`: country code and area prefix, last two digits. At least five
 * digits stay hidden, so a short national number shows less of its prefix.
 */
export function maskMsisdn(value: unknown): string {
  if (isMasked(value, 4, 2)) return value;
  const digits = digitsOf(value);
  if (digits.length < 8) return FULL_MASK;
  const plus = String(value).trim().startsWith('+') ? '+' : '';
  return plus + keepEnds(digits, Math.min(4, digits.length - 7), 2);
}

/** `8901410321111851234` → `890141*********1234`: issuer prefix and last four. */
export function maskIccid(value: unknown): string {
  if (isMasked(value, 6, 4)) return value;
  const digits = digitsOf(value);
  if (digits.length < 15) return FULL_MASK;
  return keepEnds(digits, 6, 4);
}

/**
 * Keeps MCC+MNC and the last two digits. North American MCCs (3xx) use three-digit MNCs, most of
 * the rest of the world two: an approximation that never reveals the subscriber part (MSIN).
 */
export function maskImsi(value: unknown): string {
  if (isMasked(value, 6, 2)) return value;
  const digits = digitsOf(value);
  if (digits.length < 14) return FULL_MASK;
  return keepEnds(digits, digits.startsWith('3') ? 6 : 5, 2);
}

/** PINs, port-in passcodes, account numbers, names: nothing is kept. */
export function maskSecret(_value?: unknown): string {
  return FULL_MASK;
}

/** `jane.doe@example.com` → `j***@example.com`. */
export function maskEmail(value: unknown): string {
  const text = String(value);
  if (/^.?\*{3}@[^@]*$/.test(text)) return text;
  const at = text.lastIndexOf('@');
  if (at < 1) return FULL_MASK;
  return `${text[0]}${FULL_MASK}${text.slice(at)}`;
}

const ADDRESS_KEPT_FIELDS = new Set(['city', 'state', 'country', 'countrycode']);

/**
 * An address keeps only its city, state and country (enough to reason about a tax jurisdiction);
 * every other field is masked. A one-line address string is masked entirely.
 */
export function maskAddress(value: unknown): unknown {
  if (value === null || value === undefined) return value;
  if (typeof value !== 'object' || Array.isArray(value)) return FULL_MASK;
  return Object.fromEntries(
    Object.entries(value).map(([key, field]) => [
      key,
      ADDRESS_KEPT_FIELDS.has(key.toLowerCase()) ? field : FULL_MASK,
    ]),
  );
}

/** ICCIDs are 19-20 digits starting with the telecom industry prefix 89. */
export function looksLikeIccid(value: unknown): boolean {
  return typeof value === 'string' && /^89\d{17,18}$/.test(value.replace(/\s/g, ''));
}

/** An E.164 number, or a national number of 10-15 digits. */
export function looksLikeMsisdn(value: unknown): boolean {
  return typeof value === 'string' && /^\+?\d{10,15}$/.test(value.replace(/[\s().-]/g, ''));
}

/** Subscriber ids are ICCIDs until the BSS assigns one: mask them only when they are. */
export function maskSubscriberId(value: unknown): unknown {
  if (looksLikeIccid(value)) return maskIccid(value);
  if (looksLikeMsisdn(value)) return maskMsisdn(value);
  return value;
}
