import { ConfigError } from '@handoff/config';
import { loadMnoConfig } from './mno-provisioning.config';

describe('loadMnoConfig', () => {
  it('defaults to the local simulator with bounded retries and a breaker', () => {
    expect(loadMnoConfig({})).toEqual({
      baseUrl: 'http://127.0.0.1:18081/tmf-api/serviceOrdering/v4',
      callTimeoutMs: 2_000,
      retry: { attempts: 3, baseMs: 100, capMs: 2_000, deadlineMs: 5_000 },
      breaker: {
        errorThresholdPercentage: 50,
        resetTimeoutMs: 30_000,
        rollingCountTimeoutMs: 10_000,
        volumeThreshold: 5,
      },
      orderWaitLimitMs: 30 * 60_000,
    });
  });

  it('reads every setting from its variable', () => {
    const config = loadMnoConfig({
      MNO_BASE_URL: 'https://mno.example/tmf-api/serviceOrdering/v4/',
      MNO_CALL_TIMEOUT_MS: '800',
      MNO_RETRY_ATTEMPTS: '5',
      MNO_RETRY_DEADLINE_MS: '9000',
      MNO_BREAKER_RESET_TIMEOUT_MS: '1000',
      MNO_ORDER_WAIT_LIMIT_MS: '7200000',
    });
    expect(config).toMatchObject({
      baseUrl: 'https://mno.example/tmf-api/serviceOrdering/v4',
      callTimeoutMs: 800,
      retry: { attempts: 5, deadlineMs: 9_000 },
      breaker: { resetTimeoutMs: 1_000 },
      orderWaitLimitMs: 7_200_000,
    });
  });

  it('names the variable an operator has to fix', () => {
    expect(() => loadMnoConfig({ MNO_BASE_URL: 'not a url', MNO_RETRY_ATTEMPTS: '0' })).toThrow(
      ConfigError,
    );
    expect(() => loadMnoConfig({ MNO_RETRY_ATTEMPTS: '0' })).toThrow(/MNO_RETRY_ATTEMPTS/);
    expect(() => loadMnoConfig({ MNO_BASE_URL: 'not a url' })).toThrow(/MNO_BASE_URL/);
  });
});
