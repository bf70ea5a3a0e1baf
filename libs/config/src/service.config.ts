import { z } from 'zod';
import { loadConfig } from './load-config';

const serviceSchema = z.object({
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /**
   * Pooled PostgreSQL connections per service. Handlers hold none while they wait on a vendor, so
   * this bounds concurrent writes, not records in flight. Every service's pool must fit in the
   * server's max_connections (PostgreSQL's default is 100).
   */
  DATABASE_POOL_SIZE: z.coerce.number().int().min(2).max(500).default(20),
  /** Records in flight per consumer (subscribers in parallel, one subscriber in order); 1 = one at a time. */
  CONSUMER_MAX_IN_FLIGHT: z.coerce.number().int().min(1).max(10_000).default(100),
});

export interface ServiceConfig {
  logLevel: z.infer<typeof serviceSchema>['LOG_LEVEL'];
  databasePoolSize: number;
  consumerMaxInFlight: number;
}

/** Settings every service shares. */
export function loadServiceConfig(
  env: Record<string, string | undefined> = process.env,
): ServiceConfig {
  const c = loadConfig(serviceSchema, env);
  return {
    logLevel: c.LOG_LEVEL,
    databasePoolSize: c.DATABASE_POOL_SIZE,
    consumerMaxInFlight: c.CONSUMER_MAX_IN_FLIGHT,
  };
}
