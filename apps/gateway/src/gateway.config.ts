import { z } from 'zod';
import { loadConfig, loadServiceConfig, port, type ServiceConfig } from '@handoff/config';
import { loadPortInSecretConfig, type PortInSecretSettings } from '@handoff/port-in-secrets';

const gatewaySchema = z.object({
  GATEWAY_PORT: port(18080),
  /** Loopback by default: exposing the gateway is a deployment decision, not an accident. */
  GATEWAY_HOST: z
    .string()
    .ip({ message: 'must be an IP address to listen on' })
    .default('127.0.0.1'),
  /** Requests per dealer per minute, counted by each gateway instance (decision 23). */
  GATEWAY_RATE_LIMIT_PER_MINUTE: z.coerce
    .number({ message: 'must be a whole number of requests per minute' })
    .int('must be a whole number of requests per minute')
    .min(1, 'must be at least 1')
    .max(1_000_000)
    .default(600),
});

export interface GatewayConfig extends ServiceConfig {
  port: number;
  host: string;
  rateLimitPerMinute: number;
  /** How long a request's port-in secrets are kept (`PORT_IN_SECRET_TTL_MS`). */
  portInSecrets: PortInSecretSettings;
}

export function loadGatewayConfig(
  env: Record<string, string | undefined> = process.env,
): GatewayConfig {
  const config = loadConfig(gatewaySchema, env);
  return {
    port: config.GATEWAY_PORT,
    host: config.GATEWAY_HOST,
    rateLimitPerMinute: config.GATEWAY_RATE_LIMIT_PER_MINUTE,
    portInSecrets: loadPortInSecretConfig(env),
    ...loadServiceConfig(env),
  };
}
