import { z } from 'zod';
import { loadConfig, port } from '@handoff/config';
import { startTimeoutSetting } from '@handoff/service-launcher';

/** The ports the launcher starts the services on, read the way the services read them. */
const schema = z.object({
  GATEWAY_PORT: port(18080),
  OPS_PORT: port(18082),
  MNO_SIM_PORT: port(18081),
  TAX_SIM_PORT: port(18084),
  PAYMENT_SIM_PORT: port(18085),
  ORCHESTRATOR_PORT: port(18087),
  ...startTimeoutSetting,
  /** Where to save the integration map as Chromium shows it during scene 2's outage; unset: not taken. */
  DEMO_MAP_SCREENSHOT: z.string().min(1).optional(),
});

export interface DemoConfig {
  gatewayPort: number;
  opsPort: number;
  mnoPort: number;
  taxPort: number;
  paymentPort: number;
  orchestratorPort: number;
  startTimeoutMs: number;
  mapScreenshotPath: string | undefined;
}

export function loadDemoConfig(env: Record<string, string | undefined> = process.env): DemoConfig {
  const c = loadConfig(schema, env);
  return {
    gatewayPort: c.GATEWAY_PORT,
    opsPort: c.OPS_PORT,
    mnoPort: c.MNO_SIM_PORT,
    taxPort: c.TAX_SIM_PORT,
    paymentPort: c.PAYMENT_SIM_PORT,
    orchestratorPort: c.ORCHESTRATOR_PORT,
    startTimeoutMs: c.HANDOFF_SERVICE_START_TIMEOUT_MS,
    mapScreenshotPath: c.DEMO_MAP_SCREENSHOT,
  };
}
