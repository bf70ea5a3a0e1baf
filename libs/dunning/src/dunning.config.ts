import { z } from 'zod';
import {
  formatDuration,
  isDevelopmentEnvironment,
  loadConfig,
  parseDuration,
} from '@handoff/config';

/** At most `attempts` processor calls for one card and amount in any window of `windowMs`. */
export interface CardNetworkCap {
  attempts: number;
  windowMs: number;
}

export interface DunningSettings {
  /** The delay before retry n+1, counted from attempt n (the BSS's own request is attempt 0). */
  retryAfterMs: number[];
  cardNetworkCap: CardNetworkCap;
  /** How often a runner looks for due attempts (real milliseconds, whatever the clock's scale). */
  pollIntervalMs: number;
  /** 1 is the real clock; `n` makes one real second last `n` seconds (tests and the demo only). */
  clockScale: number;
}

const SCHEDULE_EXAMPLE = 'e.g. 1d,3d,7d (units ms, s, m, h, d)';

const schedule = z
  .string()
  .default('1d,3d,7d')
  .transform((text, ctx) => {
    const delays = text.split(',').map(parseDuration);
    if (delays.every((ms): ms is number => ms !== undefined && ms > 0)) return delays;
    ctx.addIssue({
      code: z.ZodIssueCode.custom,
      message: `must be a comma-separated list of delays greater than zero, ${SCHEDULE_EXAMPLE}; got "${text}"`,
    });
    return z.NEVER;
  });

const cap = z
  .string()
  .default('15/30d')
  .transform((text, ctx): CardNetworkCap => {
    const [attempts, window, ...rest] = text.split('/');
    const windowMs = parseDuration(window ?? '');
    if (/^\d+$/.test(attempts.trim()) && Number(attempts) >= 1 && windowMs && rest.length === 0) {
      return { attempts: Number(attempts), windowMs };
    }
    ctx.addIssue({
      code: z.ZodIssueCode.custom,
      message: `must be attempts/window, e.g. 15/30d (at most 15 attempts per card and amount in 30 days); got "${text}"`,
    });
    return z.NEVER;
  });

const schema = z
  .object({
    NODE_ENV: z.string().optional(),
    DUNNING_RETRY_AFTER: schedule,
    DUNNING_CARD_NETWORK_CAP: cap,
    DUNNING_POLL_INTERVAL_MS: z.coerce
      .number({ invalid_type_error: 'must be a number of milliseconds, e.g. 10000' })
      .int('must be a whole number of milliseconds')
      .min(10, 'must be at least 10 ms')
      .default(10_000),
    DUNNING_CLOCK_SCALE: z.coerce
      .number({ invalid_type_error: 'must be a number: 1 is the real clock' })
      .min(1, 'must be 1 (the real clock) or more (tests and the demo only)')
      .default(1),
  })
  .superRefine((c, ctx) => {
    if (c.DUNNING_CLOCK_SCALE === 1 || isDevelopmentEnvironment(c.NODE_ENV)) return;
    ctx.addIssue({
      code: z.ZodIssueCode.custom,
      path: ['DUNNING_CLOCK_SCALE'],
      message:
        `must be 1 (the real clock) when NODE_ENV=${c.NODE_ENV}: a scaled clock is for tests ` +
        'and the demo only (NODE_ENV development, test or unset)',
    });
  });

/** Dunning's settings. The caller passes its environment (`process.env` at boot). */
export function loadDunningConfig(env: Record<string, string | undefined>): DunningSettings {
  const c = loadConfig(schema, env);
  return {
    retryAfterMs: c.DUNNING_RETRY_AFTER,
    cardNetworkCap: c.DUNNING_CARD_NETWORK_CAP,
    pollIntervalMs: c.DUNNING_POLL_INTERVAL_MS,
    clockScale: c.DUNNING_CLOCK_SCALE,
  };
}

/** `1d,3d,7d` and `15/30d`, as an operator wrote them: for the start-up log line. */
export function describeDunning(settings: DunningSettings): Record<string, string | number> {
  return {
    retryAfter: settings.retryAfterMs.map(formatDuration).join(','),
    cardNetworkCap: `${settings.cardNetworkCap.attempts}/${formatDuration(settings.cardNetworkCap.windowMs)}`,
    clockScale: settings.clockScale,
  };
}
