import { z } from 'zod';
import { loadConfig, port } from '@handoff/config';
import type { HealthHttpOptions } from './health-http.server';

/**
 * The small health port of a consumer service with no HTTP port of its own: `<PREFIX>_PORT`
 * (a non-standard default, so it collides with nothing usual) and `<PREFIX>_HOST` (loopback).
 */
export function loadHealthPortConfig(
  prefix: 'PAYMENTS' | 'AUDIT_LEDGER' | 'USAGE',
  defaultPort: number,
  env: Record<string, string | undefined> = process.env,
): HealthHttpOptions {
  const schema = z.object({
    [`${prefix}_PORT`]: port(defaultPort),
    [`${prefix}_HOST`]: z
      .string()
      .ip({ message: 'must be an IP address to listen on' })
      .default('127.0.0.1'),
  });
  const c = loadConfig(schema, env) as Record<string, string | number>;
  return { port: Number(c[`${prefix}_PORT`]), host: String(c[`${prefix}_HOST`]) };
}
