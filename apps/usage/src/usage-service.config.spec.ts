import { loadUsageServiceConfig } from './usage-service.config';

describe('usage service settings', () => {
  it('serves health on 18088 on loopback and retries on the default tiers unless told', () => {
    expect(loadUsageServiceConfig({})).toMatchObject({
      health: { port: 18088, host: '127.0.0.1' },
      retryDelaysMs: [1_000, 10_000, 60_000],
    });
    expect(
      loadUsageServiceConfig({ USAGE_PORT: '23088', USAGE_RETRY_DELAYS_MS: '100,200' }),
    ).toMatchObject({ health: { port: 23088 }, retryDelaysMs: [100, 200] });
  });

  it('names the variable that is wrong', () => {
    expect(() => loadUsageServiceConfig({ USAGE_RETRY_DELAYS_MS: 'soon' })).toThrow(
      /USAGE_RETRY_DELAYS_MS/,
    );
    expect(() => loadUsageServiceConfig({ USAGE_RECYCLE_LIMIT: '-1h' })).toThrow(
      /USAGE_RECYCLE_LIMIT/,
    );
  });
});
