import { join } from 'node:path';
import { loadInfraConfig } from '@handoff/config';
import {
  SERVICE_NAMES,
  serviceSpecs,
  startStack as startServices,
  type RunningService,
  type ServiceEnv,
} from '@handoff/service-launcher';
import type { DemoConfig } from './demo.config';

export { stopStack } from '@handoff/service-launcher';

/**
 * The settings that make an outage visible within a minute: a breaker that trips after a few
 * failures and tries again every second, and short retry tiers. Production defaults are slower.
 */
const DEMO_ENV: ServiceEnv = {
  'vendor-simulators': { MNO_SIM_COMPLETION_DELAY_MS: '300', LOG_LEVEL: 'warn' },
  orchestrator: {
    LOG_LEVEL: 'info',
    ORCHESTRATOR_RETRY_DELAYS_MS: '300,600,1200',
    MNO_CALL_TIMEOUT_MS: '1000',
    MNO_RETRY_ATTEMPTS: '2',
    MNO_RETRY_DEADLINE_MS: '2000',
    MNO_BREAKER_RESET_TIMEOUT_MS: '1000',
    MNO_BREAKER_VOLUME_THRESHOLD: '4',
  },
  'audit-ledger': { LOG_LEVEL: 'info' },
  gateway: { LOG_LEVEL: 'warn' },
  ops: { LOG_LEVEL: 'warn' },
};

/** Every service, against the simulator (the demo stages its MNO outage there). */
export function startStack(config: DemoConfig): Promise<RunningService[]> {
  const ports = { gateway: config.gatewayPort, ops: config.opsPort, mno: config.mnoPort };
  const specs = serviceSpecs(SERVICE_NAMES, ports, DEMO_ENV, {
    ...process.env,
    MNO_BASE_URL: undefined,
  });
  return startServices(specs, join(loadInfraConfig().cacheDir, 'logs'), {
    logPrefix: 'demo-',
  });
}
