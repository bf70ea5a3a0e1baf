import { z } from 'zod';
import { loadConfig } from './load-config';

const serviceSchema = z.object({
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export interface ServiceConfig {
  logLevel: z.infer<typeof serviceSchema>['LOG_LEVEL'];
}

/** Settings every service shares. */
export function loadServiceConfig(
  env: Record<string, string | undefined> = process.env,
): ServiceConfig {
  return { logLevel: loadConfig(serviceSchema, env).LOG_LEVEL };
}
