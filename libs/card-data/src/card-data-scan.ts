import { containsCardNumber, redactCardNumbers } from './card-number';
import { fitsOwnFormat } from './field-formats';
import type { ValueFormat } from './value-formats';

/** Formats an event type gives some of its top-level fields instead of the common ones by name. */
export type OwnFieldFormats = Readonly<Record<string, ValueFormat>>;

/**
 * The paths of the string fields of `payload` (a decoded event or a request body) that hold a card
 * number, e.g. `dealerReference` or `charges[0].description`; empty when there is none. Only
 * strings are searched, and a field in its own format (see `fitsOwnFormat`) is not.
 */
export function cardDataFields(payload: unknown, own: OwnFieldFormats = {}): string[] {
  const fields: string[] = [];
  walk(payload, '', '', (path, name, text) => {
    const fits = path === name && own[name] ? own[name](text) : fitsOwnFormat(name, text);
    if (!fits && containsCardNumber(text)) fields.push(path || 'value');
  });
  return fields;
}

/** A copy of `payload` with every card number in its fields replaced by `[card number redacted]`. */
export function redactCardData<T>(payload: T): T {
  return copy(payload, '') as T;
}

function copy(value: unknown, name: string): unknown {
  if (typeof value === 'string') {
    return fitsOwnFormat(name, value) ? value : redactCardNumbers(value);
  }
  if (Array.isArray(value)) return value.map((item) => copy(item, name));
  if (!isPlainData(value)) return value;
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, copy(item, key)]));
}

function walk(
  value: unknown,
  path: string,
  name: string,
  visit: (path: string, name: string, text: string) => void,
): void {
  if (typeof value === 'string') {
    visit(path, name, value);
  } else if (Array.isArray(value)) {
    value.forEach((item, index) => walk(item, `${path}[${index}]`, name, visit));
  } else if (isPlainData(value)) {
    for (const [key, item] of Object.entries(value)) {
      walk(item, path ? `${path}.${key}` : key, key, visit);
    }
  }
}

/** Objects whose fields are data (JSON objects, decoded Avro records), not buffers or dates. */
function isPlainData(value: unknown): value is Record<string, unknown> {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Buffer.isBuffer(value) &&
    !(value instanceof Date) &&
    !ArrayBuffer.isView(value)
  );
}
