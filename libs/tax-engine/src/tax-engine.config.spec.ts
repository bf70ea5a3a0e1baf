import { ConfigError } from '@handoff/config';
import { loadTaxEngineConfig } from './tax-engine.config';

describe('loadTaxEngineConfig', () => {
  it('defaults to the local simulator with bounded retries and a breaker', () => {
    expect(loadTaxEngineConfig({})).toEqual({
      baseUrl: 'http://127.0.0.1:18084/communications-tax/v1',
      callTimeoutMs: 2_000,
      retry: { attempts: 3, baseMs: 100, capMs: 2_000, deadlineMs: 5_000 },
      breaker: {
        errorThresholdPercentage: 50,
        resetTimeoutMs: 30_000,
        rollingCountTimeoutMs: 10_000,
        volumeThreshold: 5,
      },
    });
  });

  it('reads every setting from its variable', () => {
    const config = loadTaxEngineConfig({
      TAX_BASE_URL: 'https://tax.example/communications-tax/v1/',
      TAX_CALL_TIMEOUT_MS: '800',
      TAX_RETRY_ATTEMPTS: '5',
      TAX_RETRY_DEADLINE_MS: '9000',
      TAX_BREAKER_RESET_TIMEOUT_MS: '1000',
    });
    expect(config).toMatchObject({
      baseUrl: 'https://tax.example/communications-tax/v1',
      callTimeoutMs: 800,
      retry: { attempts: 5, deadlineMs: 9_000 },
      breaker: { resetTimeoutMs: 1_000 },
    });
  });

  it('names the variable an operator has to fix', () => {
    expect(() => loadTaxEngineConfig({ TAX_RETRY_ATTEMPTS: '0' })).toThrow(ConfigError);
    expect(() => loadTaxEngineConfig({ TAX_RETRY_ATTEMPTS: '0' })).toThrow(/TAX_RETRY_ATTEMPTS/);
    expect(() => loadTaxEngineConfig({ TAX_BASE_URL: 'tax.local' })).toThrow(/TAX_BASE_URL/);
  });
});
