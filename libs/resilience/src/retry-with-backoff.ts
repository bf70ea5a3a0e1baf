import { DeferredError } from './deferred-error';
import { classifyError } from './handoff-error';

export interface BackoffSettings {
  /** Total tries, the first included. */
  attempts: number;
  baseMs: number;
  capMs: number;
  /** Overall budget from the first try; no retry is scheduled past it. */
  deadlineMs: number;
}

export interface RetryOptions extends BackoffSettings {
  /** Default: retryable by our taxonomy, except a `DeferredError` (it waits for later, not for a backoff). */
  isRetryable?: (error: unknown) => boolean;
  /** The caller giving up: no further try starts, the last error is thrown. */
  signal?: AbortSignal;
  onRetry?: (error: unknown, attempt: number, delayMs: number) => void;
  /** For tests; defaults to `Math.random`. */
  random?: () => number;
}

export interface RetryAttempt {
  /** 1 for the first try. */
  number: number;
  deadlineAt: number;
  /** Aborted when the caller's signal is, or at the deadline: pass it to the call. */
  signal: AbortSignal;
  lastError: unknown;
}

export function isRetryableNow(error: unknown): boolean {
  return classifyError(error) === 'retryable' && !(error instanceof DeferredError);
}

/**
 * "Full jitter": a uniformly random delay up to the exponential ceiling, so clients that failed
 * together do not retry together (https://aws.amazon.com/blogs/architecture/exponential-backoff-and-jitter/).
 * @param retry 1 for the delay after the first failure
 */
export function backoffDelay(
  retry: number,
  { baseMs, capMs }: Pick<BackoffSettings, 'baseMs' | 'capMs'>,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** (retry - 1));
  return Math.floor(random() * ceiling);
}

/** Runs `fn` until it succeeds, a non-retryable error, the last attempt, the deadline or an abort. */
export async function retryWithBackoff<T>(
  options: RetryOptions,
  fn: (attempt: RetryAttempt) => Promise<T>,
): Promise<T> {
  const { attempts, deadlineMs, signal, isRetryable = isRetryableNow } = options;
  const deadlineAt = Date.now() + deadlineMs;
  let lastError: unknown;
  for (let number = 1; ; number++) {
    const deadline = AbortSignal.timeout(Math.max(0, deadlineAt - Date.now()));
    const attemptSignal = signal ? AbortSignal.any([signal, deadline]) : deadline;
    try {
      return await fn({ number, deadlineAt, signal: attemptSignal, lastError });
    } catch (error) {
      lastError = error;
      if (number >= attempts || !isRetryable(error)) throw error;
      const delayMs = backoffDelay(number, options, options.random);
      if (Date.now() + delayMs >= deadlineAt || signal?.aborted) throw error;
      options.onRetry?.(error, number, delayMs);
      if (!(await sleep(delayMs, signal))) throw error;
    }
  }
}

/** Resolves true after `ms`, or false as soon as `signal` aborts. */
function sleep(ms: number, signal?: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    const onAbort = () => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
