import { RetryableError, type HandoffErrorOptions } from './handoff-error';

export interface DeferredErrorOptions extends HandoffErrorOptions {
  /** When trying again can make sense (e.g. a breaker's reset timeout); a hint, not a promise. */
  retryAfterMs?: number;
}

/**
 * Wait and try again later, without counting it as a failed attempt: the dependency said nothing
 * about this record (an open breaker, throttling, a caller that gave up). The record is held, not
 * failed. It is still a `RetryableError`, so an edge that does not know the difference retries it.
 * `retryWithBackoff` does not retry it in place and `createBreaker` does not count it as a failure.
 */
export class DeferredError extends RetryableError {
  readonly retryAfterMs: number | undefined;

  constructor(code: string, message: string, options: DeferredErrorOptions = {}) {
    super(code, message, options);
    this.retryAfterMs = options.retryAfterMs;
  }
}
