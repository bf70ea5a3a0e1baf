import { ConfigError } from '@handoff/config';
import { loadPortInSecretConfig } from './port-in-secrets.config';

describe('loadPortInSecretConfig', () => {
  it('keeps secrets 72 h and sweeps every 10 min by default', () => {
    expect(loadPortInSecretConfig({})).toEqual({ ttlMs: 259_200_000, sweepIntervalMs: 600_000 });
  });

  it('takes the TTL and the sweep interval in milliseconds', () => {
    const env = { PORT_IN_SECRET_TTL_MS: '3600000', PORT_IN_SECRET_SWEEP_INTERVAL_MS: '60000' };
    expect(loadPortInSecretConfig(env)).toEqual({ ttlMs: 3_600_000, sweepIntervalMs: 60_000 });
  });

  it.each([
    ['72', 'PORT_IN_SECRET_TTL_MS: must be at least 1000 ms'],
    ['3d', 'PORT_IN_SECRET_TTL_MS: must be a number of milliseconds'],
    ['1.5', 'PORT_IN_SECRET_TTL_MS: must be a whole number of milliseconds'],
  ])('refuses PORT_IN_SECRET_TTL_MS=%s naming the variable', (value, message) => {
    const load = () => loadPortInSecretConfig({ PORT_IN_SECRET_TTL_MS: value });
    expect(load).toThrow(ConfigError);
    expect(load).toThrow(message);
  });
});
