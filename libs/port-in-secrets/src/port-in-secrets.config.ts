import { z } from 'zod';
import { loadConfig } from '@handoff/config';

const HOUR_MS = 60 * 60_000;

const schema = z.object({
  /**
   * How long a port-in's PIN and account number are kept after the request arrives, unless the
   * activation ends first: the window in which a retry or an ops replay can still port the number.
   */
  PORT_IN_SECRET_TTL_MS: z.coerce
    .number({ invalid_type_error: 'must be a number of milliseconds, e.g. 259200000 for 72 h' })
    .int('must be a whole number of milliseconds')
    .min(1_000, 'must be at least 1000 ms (it is in milliseconds: 259200000 is 72 h)')
    .default(72 * HOUR_MS),
  /** How often expired secrets are deleted; reading one past its expiry fails even before the sweep. */
  PORT_IN_SECRET_SWEEP_INTERVAL_MS: z.coerce
    .number({ invalid_type_error: 'must be a number of milliseconds, e.g. 600000 for 10 min' })
    .int('must be a whole number of milliseconds')
    .min(100, 'must be at least 100 ms')
    .default(10 * 60_000),
});

export interface PortInSecretSettings {
  ttlMs: number;
  sweepIntervalMs: number;
}

/** The secret store's settings. The caller passes its environment (`process.env` at boot). */
export function loadPortInSecretConfig(
  env: Record<string, string | undefined>,
): PortInSecretSettings {
  const c = loadConfig(schema, env);
  return { ttlMs: c.PORT_IN_SECRET_TTL_MS, sweepIntervalMs: c.PORT_IN_SECRET_SWEEP_INTERVAL_MS };
}
