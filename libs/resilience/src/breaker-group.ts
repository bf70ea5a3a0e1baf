import type CircuitBreaker from 'opossum';

export interface BreakerGroupHealth {
  /** True while any breaker of the group is open and refusing calls (not while half-open). */
  anyOpen(): boolean;
  /** Called (asynchronously) when the last breaker that had opened closes again. */
  onRecovered(listener: () => void): () => void;
}

/**
 * Watches the breakers of one dependency as a whole. Half-open counts as not open: the next call
 * is the trial that closes (or reopens) the breaker, so whoever holds work must let one through.
 */
export function watchBreakers(breakers: readonly CircuitBreaker[]): BreakerGroupHealth {
  const listeners = new Set<() => void>();
  const allClosed = () => breakers.every((breaker) => breaker.closed);
  for (const breaker of breakers) {
    breaker.on('close', () => {
      if (!allClosed()) return;
      // Not inside opossum's success path: a throwing listener must not fail the trial call.
      for (const listener of listeners) queueMicrotask(listener);
    });
  }
  return {
    anyOpen: () => breakers.some((breaker) => breaker.opened),
    onRecovered(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
