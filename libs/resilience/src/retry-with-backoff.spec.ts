import { DeferredError } from './deferred-error';
import { PermanentError, RetryableError, classifyError } from './handoff-error';
import { backoffDelay, retryWithBackoff, type RetryOptions } from './retry-with-backoff';

const unavailable = () => new RetryableError('TEST.UNAVAILABLE', 'down');

function failing(times: number, error: () => Error = unavailable) {
  let calls = 0;
  const fn = jest.fn(async () => {
    if (++calls <= times) throw error();
    return 'done';
  });
  return fn;
}

const fast: RetryOptions = { attempts: 5, baseMs: 2, capMs: 10, deadlineMs: 2_000 };

describe('backoffDelay', () => {
  it('draws a full-jitter delay between zero and the exponential ceiling, capped', () => {
    const settings = { baseMs: 100, capMs: 1_000 };
    expect(backoffDelay(1, settings, () => 0)).toBe(0);
    expect(backoffDelay(1, settings, () => 0.999)).toBe(99);
    expect(backoffDelay(3, settings, () => 0.5)).toBe(200);
    expect(backoffDelay(10, settings, () => 0.999)).toBe(999);
  });

  it('stays within its bounds for random draws', () => {
    for (let retry = 1; retry <= 8; retry++) {
      const delay = backoffDelay(retry, { baseMs: 100, capMs: 2_000 });
      expect(delay).toBeGreaterThanOrEqual(0);
      expect(delay).toBeLessThan(Math.min(2_000, 100 * 2 ** (retry - 1)));
    }
  });
});

describe('retryWithBackoff', () => {
  it('retries retryable failures with jittered delays within bounds until it succeeds', async () => {
    const delays: number[] = [];
    const fn = failing(3);

    const result = await retryWithBackoff(
      { ...fast, onRetry: (_e, _n, ms) => delays.push(ms) },
      fn,
    );

    expect(result).toBe('done');
    expect(fn).toHaveBeenCalledTimes(4);
    expect(delays).toHaveLength(3);
    delays.forEach((ms, i) => expect(ms).toBeLessThan(Math.min(10, 2 * 2 ** i)));
  });

  it('gives up after the last attempt with the last error', async () => {
    const fn = failing(10);
    await expect(retryWithBackoff({ ...fast, attempts: 3 }, fn)).rejects.toMatchObject({
      code: 'TEST.UNAVAILABLE',
    });
    expect(fn).toHaveBeenCalledTimes(3);
  });

  it('does not retry a permanent error', async () => {
    const fn = failing(1, () => new PermanentError('TEST.BAD', 'bad'));
    await expect(retryWithBackoff(fast, fn)).rejects.toBeInstanceOf(PermanentError);
    expect(fn).toHaveBeenCalledTimes(1);
  });

  it('does not retry a DeferredError in place, though it stays retryable for the consumer', async () => {
    const deferred = new DeferredError('TEST.HELD', 'held', { retryAfterMs: 1_000 });
    const fn = failing(1, () => deferred);

    await expect(retryWithBackoff(fast, fn)).rejects.toBe(deferred);
    expect(fn).toHaveBeenCalledTimes(1);
    expect(deferred).toBeInstanceOf(RetryableError);
    expect(classifyError(deferred)).toBe('retryable');
  });

  it('stops at the deadline instead of sleeping past it', async () => {
    const fn = failing(10);
    const started = Date.now();

    const options = { attempts: 10, baseMs: 1_000, capMs: 1_000, deadlineMs: 50, random: () => 1 };
    await expect(retryWithBackoff(options, fn)).rejects.toBeInstanceOf(RetryableError);

    expect(fn).toHaveBeenCalledTimes(1);
    expect(Date.now() - started).toBeLessThan(500);
  });

  it('aborts the attempt in flight at the deadline', async () => {
    const options = { ...fast, attempts: 1, deadlineMs: 30 };
    const fn = ({ signal }: { signal: AbortSignal }) =>
      new Promise<never>((_, reject) =>
        signal.addEventListener('abort', () => reject(unavailable())),
      );

    await expect(retryWithBackoff(options, fn)).rejects.toMatchObject({ code: 'TEST.UNAVAILABLE' });
  });

  it('stops waiting for the next attempt when the caller aborts', async () => {
    const caller = new AbortController();
    const fn = failing(10);
    const options = { ...fast, baseMs: 10_000, capMs: 10_000, deadlineMs: 60_000, random: () => 1 };
    const started = Date.now();

    const pending = retryWithBackoff({ ...options, signal: caller.signal }, fn);
    caller.abort();

    await expect(pending).rejects.toMatchObject({ code: 'TEST.UNAVAILABLE' });
    expect(fn).toHaveBeenCalledTimes(1);
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('tells each attempt its number and the previous error', async () => {
    const seen: [number, unknown][] = [];
    const first = unavailable();
    await retryWithBackoff(fast, async ({ number, lastError }) => {
      seen.push([number, lastError]);
      if (number === 1) throw first;
    });
    expect(seen).toEqual([
      [1, undefined],
      [2, first],
    ]);
  });
});
