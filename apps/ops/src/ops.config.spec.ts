import { ConfigError } from '@handoff/config';
import { loadOpsConfig } from './ops.config';

describe('loadOpsConfig', () => {
  it('listens on loopback, port 18082, unless told otherwise', () => {
    expect(loadOpsConfig({})).toEqual({
      port: 18082,
      host: '127.0.0.1',
      operatorKey: undefined,
      salesFootprintPath: undefined,
      mapWindowMs: 300_000,
      unbilledAfterDays: 7,
      watchIntervalMs: 15_000,
      probeEveryMs: undefined,
    });
  });

  it('probes at least every OPS_PROBE_EVERY when set, and refuses what is not a duration', () => {
    expect(loadOpsConfig({ OPS_PROBE_EVERY: '2s' }).probeEveryMs).toBe(2_000);
    expect(() => loadOpsConfig({ OPS_PROBE_EVERY: 'often' })).toThrow(
      'OPS_PROBE_EVERY: must be a duration of at least 100ms',
    );
  });

  it('runs the watcher every OPS_WATCH_INTERVAL_MS, never with 0, and refuses a negative one', () => {
    expect(loadOpsConfig({ OPS_WATCH_INTERVAL_MS: '0' }).watchIntervalMs).toBe(0);
    expect(() => loadOpsConfig({ OPS_WATCH_INTERVAL_MS: '-5' })).toThrow('OPS_WATCH_INTERVAL_MS');
  });

  it('listens where OPS_HOST and OPS_PORT say', () => {
    expect(loadOpsConfig({ OPS_HOST: '0.0.0.0', OPS_PORT: '9000' })).toMatchObject({
      host: '0.0.0.0',
      port: 9000,
    });
    expect(loadOpsConfig({ OPS_HOST: '::1' }).host).toBe('::1');
  });

  it('refuses an OPS_HOST that is not an IP address, naming it', () => {
    expect(() => loadOpsConfig({ OPS_HOST: 'everywhere' })).toThrow(ConfigError);
    expect(() => loadOpsConfig({ OPS_HOST: 'everywhere' })).toThrow(
      'OPS_HOST: must be an IP address to listen on',
    );
  });
});
