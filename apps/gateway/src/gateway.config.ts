import { z } from 'zod';
import { loadConfig, loadServiceConfig, port, type ServiceConfig } from '@handoff/config';

const gatewaySchema = z.object({
  GATEWAY_PORT: port(18080),
  /** Loopback by default: exposing the gateway is a deployment decision, not an accident. */
  GATEWAY_HOST: z
    .string()
    .ip({ message: 'must be an IP address to listen on' })
    .default('127.0.0.1'),
});

export interface GatewayConfig extends ServiceConfig {
  port: number;
  host: string;
}

export function loadGatewayConfig(
  env: Record<string, string | undefined> = process.env,
): GatewayConfig {
  const config = loadConfig(gatewaySchema, env);
  return { port: config.GATEWAY_PORT, host: config.GATEWAY_HOST, ...loadServiceConfig(env) };
}
