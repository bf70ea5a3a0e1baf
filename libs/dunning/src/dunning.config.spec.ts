import { ConfigError } from '@handoff/config';
import { describeDunning, loadDunningConfig } from './dunning.config';

const DAY = 86_400_000;

describe('loadDunningConfig', () => {
  it('retries after 1, 3 and 7 days, at most 15 attempts per card and amount in 30 days, on the real clock', () => {
    expect(loadDunningConfig({})).toEqual({
      retryAfterMs: [DAY, 3 * DAY, 7 * DAY],
      cardNetworkCap: { attempts: 15, windowMs: 30 * DAY },
      pollIntervalMs: 10_000,
      clockScale: 1,
    });
  });

  it('reads every setting from its variable', () => {
    const settings = loadDunningConfig({
      DUNNING_RETRY_AFTER: '12h, 2d,90s',
      DUNNING_CARD_NETWORK_CAP: '10/7d',
      DUNNING_POLL_INTERVAL_MS: '250',
      DUNNING_CLOCK_SCALE: '86400',
    });
    expect(settings).toEqual({
      retryAfterMs: [DAY / 2, 2 * DAY, 90_000],
      cardNetworkCap: { attempts: 10, windowMs: 7 * DAY },
      pollIntervalMs: 250,
      clockScale: 86_400,
    });
    expect(describeDunning(settings)).toEqual({
      retryAfter: '12h,2d,90s',
      cardNetworkCap: '10/7d',
      clockScale: 86_400,
    });
  });

  it.each([
    ['DUNNING_RETRY_AFTER', '1d,,7d', 'DUNNING_RETRY_AFTER: must be a comma-separated list'],
    ['DUNNING_RETRY_AFTER', '3 days', 'got "3 days"'],
    ['DUNNING_RETRY_AFTER', '0d', 'delays greater than zero'],
    ['DUNNING_CARD_NETWORK_CAP', '15', 'DUNNING_CARD_NETWORK_CAP: must be attempts/window'],
    ['DUNNING_CARD_NETWORK_CAP', '0/30d', 'got "0/30d"'],
    ['DUNNING_CARD_NETWORK_CAP', '15/30d/1', 'got "15/30d/1"'],
    ['DUNNING_POLL_INTERVAL_MS', 'often', 'DUNNING_POLL_INTERVAL_MS: must be a number'],
    ['DUNNING_CLOCK_SCALE', '0.5', 'DUNNING_CLOCK_SCALE: must be 1 (the real clock) or more'],
  ])('refuses %s=%s naming the variable', (variable, value, message) => {
    const load = () => loadDunningConfig({ [variable]: value });
    expect(load).toThrow(ConfigError);
    expect(load).toThrow(message);
  });

  it.each(['production', 'staging'])(
    'refuses a scaled clock when NODE_ENV=%s: the real clock is the only one there',
    (nodeEnv) => {
      const load = () => loadDunningConfig({ NODE_ENV: nodeEnv, DUNNING_CLOCK_SCALE: '86400' });
      expect(load).toThrow(ConfigError);
      expect(load).toThrow(
        `DUNNING_CLOCK_SCALE: must be 1 (the real clock) when NODE_ENV=${nodeEnv}: a scaled clock is for tests and the demo only`,
      );
      expect(loadDunningConfig({ NODE_ENV: nodeEnv, DUNNING_CLOCK_SCALE: '1' }).clockScale).toBe(1);
    },
  );

  it.each(['', 'development', 'test'])('allows a scaled clock when NODE_ENV=%p', (nodeEnv) => {
    expect(loadDunningConfig({ NODE_ENV: nodeEnv, DUNNING_CLOCK_SCALE: '1000' }).clockScale).toBe(
      1000,
    );
  });
});
