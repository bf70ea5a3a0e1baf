import CircuitBreaker from 'opossum';
import { isRetryableNow } from './retry-with-backoff';

export interface BreakerSettings {
  /** Failure rate (percent, over the rolling window) above which the breaker opens. */
  errorThresholdPercentage: number;
  /** How long it stays open before letting one trial call through (half-open). */
  resetTimeoutMs: number;
  rollingCountTimeoutMs: number;
  /** Calls in the window before the rate is looked at: one early failure must not open it. */
  volumeThreshold: number;
}

export const BREAKER_DEFAULTS: BreakerSettings = {
  errorThresholdPercentage: 50,
  resetTimeoutMs: 30_000,
  rollingCountTimeoutMs: 10_000,
  volumeThreshold: 5,
};

/**
 * What trips a breaker: only a sign that the dependency is down or overloaded, which the adapter
 * has classified as retryable (5xx, timeout, connection error). A permanent error or a business
 * answer proves the dependency is up; a `DeferredError` says nothing about it.
 */
export function countsAsBreakerFailure(error: unknown): boolean {
  return isRetryableNow(error);
}

/** The rejection of a call the breaker refused without running it (opossum's `EOPENBREAKER`). */
export function isBreakerOpenError(error: unknown): boolean {
  return error instanceof Error && (error as { code?: unknown }).code === 'EOPENBREAKER';
}

/**
 * An opossum breaker with our defaults and failure filter. Its own `timeout` is off: callers bound
 * each call with their own `AbortSignal`, because opossum's timeout only stops waiting, and its
 * `abortController` is one per breaker, aborting every call in flight when any one times out
 * (https://github.com/nodeshift/opossum/pull/674).
 */
export function createBreaker<TI extends unknown[], TR>(
  name: string,
  fn: (...args: TI) => Promise<TR>,
  settings: Partial<BreakerSettings> = {},
): CircuitBreaker<TI, TR> {
  const s = { ...BREAKER_DEFAULTS, ...settings };
  return new CircuitBreaker<TI, TR>(fn, {
    name,
    timeout: false,
    errorThresholdPercentage: s.errorThresholdPercentage,
    resetTimeout: s.resetTimeoutMs,
    rollingCountTimeout: s.rollingCountTimeoutMs,
    volumeThreshold: s.volumeThreshold,
    // opossum: a truthy filter result means "not a failure" (the call still rejects).
    errorFilter: (error: unknown) => !countsAsBreakerFailure(error),
  });
}
