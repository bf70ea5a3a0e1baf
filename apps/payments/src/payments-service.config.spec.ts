import { ConfigError } from '@handoff/config';
import { DEFAULT_RETRY_DELAYS_MS } from '@handoff/messaging';
import { loadPaymentsServiceConfig } from './payments-service.config';

describe('loadPaymentsServiceConfig', () => {
  it('starts with the default retry tiers and the simulators when nothing is set', () => {
    const config = loadPaymentsServiceConfig({});
    expect(config.retryDelaysMs).toEqual(DEFAULT_RETRY_DELAYS_MS);
    expect(config.payments.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:18085/);
  });

  it('refuses retry delays that are not milliseconds, naming the variable', () => {
    const load = () => loadPaymentsServiceConfig({ PAYMENTS_RETRY_DELAYS_MS: '1000,soon' });
    expect(load).toThrow(ConfigError);
    expect(load).toThrow(/PAYMENTS_RETRY_DELAYS_MS: must be comma-separated positive/);
  });
});
