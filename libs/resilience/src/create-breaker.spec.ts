import { createBreaker, isBreakerOpenError, type BreakerSettings } from './create-breaker';
import { watchBreakers } from './breaker-group';
import { DeferredError } from './deferred-error';
import { BusinessRejection, PermanentError, RetryableError } from './handoff-error';

const settings: BreakerSettings = {
  errorThresholdPercentage: 50,
  resetTimeoutMs: 100,
  rollingCountTimeoutMs: 10_000,
  volumeThreshold: 2,
};

const rejecting = (error: Error) => () => Promise.reject(error);

async function fireTimes(times: number, fire: () => Promise<unknown>): Promise<unknown[]> {
  const errors: unknown[] = [];
  for (let i = 0; i < times; i++) errors.push(await fire().catch((e: unknown) => e));
  return errors;
}

async function until(condition: () => boolean, timeoutMs = 2_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe('createBreaker', () => {
  it('opens on retryable failures and then refuses calls with EOPENBREAKER', async () => {
    const action = jest.fn(rejecting(new RetryableError('TEST.DOWN', 'down')));
    const breaker = createBreaker('test', action, settings);

    const errors = await fireTimes(3, () => breaker.fire());

    expect(breaker.opened).toBe(true);
    expect(action).toHaveBeenCalledTimes(2);
    expect(isBreakerOpenError(errors[2])).toBe(true);
    expect(isBreakerOpenError(errors[0])).toBe(false);
    breaker.shutdown();
  });

  it.each([
    ['a permanent error', new PermanentError('TEST.BAD', 'bad')],
    ['a business rejection', new BusinessRejection('TEST.NO', 'no', 'no')],
    ['a deferred error', new DeferredError('TEST.HELD', 'held')],
  ])('does not count %s as a failure', async (_, error) => {
    const breaker = createBreaker('test', rejecting(error), settings);
    const errors = await fireTimes(5, () => breaker.fire());
    expect(breaker.closed).toBe(true);
    expect(errors.every((e) => e === error)).toBe(true);
    breaker.shutdown();
  });
});

describe('watchBreakers', () => {
  it('reports open while any breaker is open and notifies once all have closed again', async () => {
    let healthy = false;
    const action = () =>
      healthy ? Promise.resolve('ok') : Promise.reject(new RetryableError('T', 't'));
    const [a, b] = [createBreaker('a', action, settings), createBreaker('b', action, settings)];
    const health = watchBreakers([a, b]);
    const recovered = jest.fn();
    health.onRecovered(recovered);

    await fireTimes(2, () => a.fire());
    await fireTimes(2, () => b.fire());
    expect(health.anyOpen()).toBe(true);

    healthy = true;
    await until(() => a.halfOpen && b.halfOpen);
    expect(health.anyOpen()).toBe(false);
    await a.fire();
    await Promise.resolve();
    expect(recovered).not.toHaveBeenCalled();
    await b.fire();
    await until(() => recovered.mock.calls.length === 1);
    a.shutdown();
    b.shutdown();
  });
});
