import type { ListPosition } from '@handoff/activation-saga';

/**
 * The cursor a dealer passes back for the next page: opaque to the dealer (base64url of a JSON
 * position), so its shape may change without a new API version.
 */
export function encodeCursor(position: ListPosition): string {
  const json = JSON.stringify({ t: position.requestedAt.toISOString(), a: position.activationId });
  return Buffer.from(json, 'utf8').toString('base64url');
}

/** The position a cursor names, or undefined when it is not one this gateway issued. */
export function decodeCursor(cursor: string): ListPosition | undefined {
  if (!/^[A-Za-z0-9_-]{1,400}$/.test(cursor)) return undefined;
  try {
    const decoded: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (typeof decoded !== 'object' || decoded === null) return undefined;
    const { t, a } = decoded as Record<string, unknown>;
    if (typeof t !== 'string' || typeof a !== 'string' || a.length === 0) return undefined;
    const requestedAt = new Date(t);
    if (Number.isNaN(requestedAt.getTime()) || requestedAt.toISOString() !== t) return undefined;
    return { requestedAt, activationId: a };
  } catch {
    return undefined;
  }
}
