import { randomUUID } from 'node:crypto';
import type { MalformedKind } from './fault-rule.schema';

/** A body a client must reject: JSON cut off mid-value, or valid JSON without the fields it needs. */
export function malformedBody(kind: MalformedKind): string {
  if (kind === 'invalidJson') return `{"id":"${randomUUID()}","state":"ackn`;
  return JSON.stringify({ simulated: 'malformed answer', note: 'required fields are missing' });
}
