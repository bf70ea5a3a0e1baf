import { ConfigError } from '@handoff/config';
import { loadPaymentsConfig } from './payments.config';

describe('loadPaymentsConfig', () => {
  it('defaults to the local simulator with bounded retries and a breaker', () => {
    expect(loadPaymentsConfig({})).toEqual({
      baseUrl: 'http://127.0.0.1:18085/v1',
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
    const config = loadPaymentsConfig({
      PAYMENT_BASE_URL: 'https://processor.example/v1/',
      PAYMENT_CALL_TIMEOUT_MS: '800',
      PAYMENT_RETRY_ATTEMPTS: '5',
      PAYMENT_RETRY_DEADLINE_MS: '9000',
      PAYMENT_BREAKER_RESET_TIMEOUT_MS: '1000',
    });
    expect(config).toMatchObject({
      baseUrl: 'https://processor.example/v1',
      callTimeoutMs: 800,
      retry: { attempts: 5, deadlineMs: 9_000 },
      breaker: { resetTimeoutMs: 1_000 },
    });
  });

  it('names the variable an operator has to fix', () => {
    expect(() => loadPaymentsConfig({ PAYMENT_BASE_URL: 'nope' })).toThrow(ConfigError);
    expect(() => loadPaymentsConfig({ PAYMENT_BASE_URL: 'nope' })).toThrow(/PAYMENT_BASE_URL/);
    expect(() => loadPaymentsConfig({ PAYMENT_RETRY_ATTEMPTS: '0' })).toThrow(
      /PAYMENT_RETRY_ATTEMPTS/,
    );
  });
});
