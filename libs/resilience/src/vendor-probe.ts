import { HandoffError } from './handoff-error';
import type { RetryAttempt } from './retry-with-backoff';

/** The id a probe reads: no vendor has a line, document or intent of that name. */
export const PROBE_RESOURCE_ID = 'handoff-availability-probe';

/** A single try for a probe: no retries, the caller's signal if any. */
export function probeAttempt(timeoutMs: number, signal?: AbortSignal): RetryAttempt {
  return {
    number: 1,
    deadlineAt: Date.now() + timeoutMs,
    signal: signal ?? AbortSignal.timeout(timeoutMs),
    lastError: undefined,
  };
}

/**
 * A probe reads something that does not exist: the vendor's not-found (`notFoundCode`) is the
 * answer it hopes for, proof the vendor answers. Any other error (timeout, 5xx, refused, malformed)
 * is the vendor not answering, and is thrown as the adapter classified it.
 */
export async function answered(read: Promise<unknown>, notFoundCode: string): Promise<void> {
  try {
    await read;
  } catch (error) {
    if (error instanceof HandoffError && error.code === notFoundCode) return;
    throw error;
  }
}
