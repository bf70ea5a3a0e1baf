import type { FieldError } from '@handoff/activation-requests';

export type KeyCheck = { ok: true } | { ok: false; error: FieldError };

/** Printable ASCII without spaces: UUIDs, ULIDs and order numbers all fit. */
const KEY = /^[\x21-\x7e]{1,255}$/;

/** The `Idempotency-Key` header is optional; when given, it must be a short printable token. */
export function idempotencyKeyOf(header: string | undefined): KeyCheck {
  if (header === undefined || KEY.test(header)) return { ok: true };
  const message = 'must be 1 to 255 printable ASCII characters without spaces';
  return { ok: false, error: { field: 'Idempotency-Key', message } };
}

type Checked<T> = { ok: true; request: T } | { ok: false; fields: FieldError[] };

/** A body's validation with the header's finding added first: every failing field in one answer. */
export function withKeyCheck<T>(checked: Checked<T>, header: string | undefined): Checked<T> {
  const key = idempotencyKeyOf(header);
  if (key.ok) return checked;
  return { ok: false, fields: [key.error, ...(checked.ok ? [] : checked.fields)] };
}
