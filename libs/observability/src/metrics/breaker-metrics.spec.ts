import CircuitBreaker from 'opossum';
import { capturedLogger } from '../testing';
import { instrumentBreaker } from './breaker-metrics';

describe('instrumentBreaker: transitions logged', () => {
  it('logs open at warn, half-open and close at info, each with vendor, endpoint and integration point', async () => {
    const { log, entries } = capturedLogger('orchestrator.vendors');
    let failing = true;
    const breaker = new CircuitBreaker(
      () => (failing ? Promise.reject(new Error('503')) : Promise.resolve('ok')),
      {
        name: 'mno.createOrder',
        volumeThreshold: 1,
        errorThresholdPercentage: 1,
        resetTimeout: 20,
      },
    );
    instrumentBreaker(breaker, {
      log,
      integrationPoint: 'handoff-to-mno',
    });

    await breaker.fire().catch(() => undefined);
    await new Promise((resolve) => breaker.once('halfOpen', resolve));
    failing = false;
    await breaker.fire();
    breaker.shutdown();
    await new Promise((resolve) => setImmediate(resolve));

    const ids = { vendor: 'mno', endpoint: 'createOrder', integrationPoint: 'handoff-to-mno' };
    expect(
      entries().map(({ level, state, vendor, endpoint, integrationPoint }) => ({
        level,
        state,
        vendor,
        endpoint,
        integrationPoint,
      })),
    ).toEqual([
      { level: 'warn', state: 'open', ...ids },
      { level: 'info', state: 'half_open', ...ids },
      { level: 'info', state: 'closed', ...ids },
    ]);
    expect(entries()[0].msg).toBe(
      'mno createOrder breaker opened: calls are held until it half-opens',
    );
  });
});
