import { z } from 'zod';
import { loadConfig, port } from '@handoff/config';

const schema = z.object({
  GATEWAY_PORT: port(18080),
  OPS_PORT: port(18082),
  MNO_SIM_PORT: port(18081),
});

export interface DemoConfig {
  gatewayPort: number;
  opsPort: number;
  mnoPort: number;
}

export function loadDemoConfig(env: Record<string, string | undefined> = process.env): DemoConfig {
  const c = loadConfig(schema, env);
  return { gatewayPort: c.GATEWAY_PORT, opsPort: c.OPS_PORT, mnoPort: c.MNO_SIM_PORT };
}
