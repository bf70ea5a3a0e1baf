import { containsCardNumber, redactCardNumbers } from './card-number';
import type { ValueFormat } from './value-formats';

/** A Kafka record's key and header values, as text. */
export interface KeyAndHeaders {
  key: string | null;
  headers: Readonly<Record<string, string>>;
}

/**
 * The formats the key and the headers have of their own (the messaging lib knows its header
 * names); a value in its format is not searched, any other value is searched like free text.
 */
export interface KeyAndHeaderFormats {
  key: ValueFormat;
  headers: Readonly<Record<string, ValueFormat>>;
}

/**
 * Where a record's key and headers hold a card number, e.g. `key` or `header x-dealer-note`;
 * empty when nowhere. Names only, never values.
 */
export function cardDataInKeyAndHeaders(
  record: KeyAndHeaders,
  formats: KeyAndHeaderFormats,
): string[] {
  const places: string[] = [];
  if (record.key !== null && holdsCardNumber(record.key, formats.key)) places.push('key');
  for (const [name, value] of Object.entries(record.headers)) {
    if (holdsCardNumber(value, formats.headers[name])) places.push(`header ${name}`);
  }
  return places;
}

/** A copy of `record` whose key and header values have every card number redacted. */
export function redactKeyAndHeaders<T extends KeyAndHeaders>(
  record: T,
  formats: KeyAndHeaderFormats,
): T {
  const headers = Object.entries(record.headers).map(([name, value]) => [
    name,
    redacted(value, formats.headers[name]),
  ]);
  return {
    ...record,
    key: record.key === null ? null : redacted(record.key, formats.key),
    headers: Object.fromEntries(headers) as Record<string, string>,
  };
}

function holdsCardNumber(value: string, format: ValueFormat | undefined): boolean {
  return !format?.(value) && containsCardNumber(value);
}

function redacted(value: string, format: ValueFormat | undefined): string {
  return format?.(value) ? value : redactCardNumbers(value);
}
