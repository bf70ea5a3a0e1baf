const SHOWN = 4;

/**
 * What care sees of an identifier (an MSISDN, ICCID, IMSI or subscriber id): its last four
 * characters, every other one hidden, enough to confirm with a caller ("the number ending 0123")
 * and nothing more. A value of four characters or fewer is hidden whole.
 */
export function lastFour(value: string): string;
export function lastFour(value: string | null | undefined): string | null;
export function lastFour(value: string | null | undefined): string | null {
  if (value === null || value === undefined || value === '') return null;
  if (value.length <= SHOWN) return '*'.repeat(SHOWN);
  return '*'.repeat(value.length - SHOWN) + value.slice(-SHOWN);
}

/**
 * The answer as care receives it, with every raw identifier the look-up met replaced by its masked
 * form wherever it ended up (an id inside a correlation id, say): the view masks each field it
 * builds, and this makes sure nothing it copied carries one through.
 */
export function withoutRawIdentifiers<T>(answer: T, identifiers: readonly (string | null)[]): T {
  const known = [
    ...new Set(identifiers.filter((v): v is string => v !== null && v.length > SHOWN)),
  ];
  if (known.length === 0) return answer;
  // Longest first, so an ICCID is replaced whole before a number that is part of it.
  known.sort((a, b) => b.length - a.length);
  let text = JSON.stringify(answer);
  for (const raw of known) text = text.split(raw).join(lastFour(raw));
  return JSON.parse(text) as T;
}
