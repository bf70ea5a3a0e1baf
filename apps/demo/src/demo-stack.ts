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
 * The settings that make an outage visible within a minute: breakers that trip after a few
 * failures and try again every second, and short retry tiers. Production defaults are slower.
 * The processor's breaker needs more calls than one activation's whole retry path makes (4
 * attempts of 2 calls), so a capture that keeps failing reaches its last tier and is flagged
 * unpaid, while a processor outage, failing every activation's calls at once, still trips it.
 */
const DEMO_ENV: ServiceEnv = {
  'vendor-simulators': { MNO_SIM_COMPLETION_DELAY_MS: '300', LOG_LEVEL: 'warn' },
  orchestrator: {
    LOG_LEVEL: 'info',
    // Every SIM the demo activates is from the batch scene 0 imports (docs/sim-inventory.md).
    SIM_INVENTORY_CHECKS: 'on',
    ORCHESTRATOR_RETRY_DELAYS_MS: '300,600,1200',
    MNO_CALL_TIMEOUT_MS: '1000',
    MNO_RETRY_ATTEMPTS: '2',
    MNO_RETRY_DEADLINE_MS: '2000',
    MNO_BREAKER_RESET_TIMEOUT_MS: '1000',
    MNO_BREAKER_VOLUME_THRESHOLD: '4',
    PAYMENT_CALL_TIMEOUT_MS: '1000',
    PAYMENT_RETRY_ATTEMPTS: '2',
    PAYMENT_RETRY_DEADLINE_MS: '2000',
    PAYMENT_BREAKER_RESET_TIMEOUT_MS: '1000',
    PAYMENT_BREAKER_VOLUME_THRESHOLD: '12',
  },
  // Dunning on a scaled clock (a day lasts half a second: days 1, 4 and 11 within six seconds),
  // which only tests and the demo may use; the processor's settings as the orchestrator's.
  payments: {
    LOG_LEVEL: 'info',
    PAYMENTS_RETRY_DELAYS_MS: '300,600,1200',
    DUNNING_CLOCK_SCALE: String(2 * 24 * 60 * 60),
    DUNNING_POLL_INTERVAL_MS: '100',
    PAYMENT_CALL_TIMEOUT_MS: '1000',
    PAYMENT_RETRY_ATTEMPTS: '2',
    PAYMENT_RETRY_DEADLINE_MS: '2000',
    PAYMENT_BREAKER_RESET_TIMEOUT_MS: '1000',
    PAYMENT_BREAKER_VOLUME_THRESHOLD: '12',
  },
  // Recycled records are looked up again every two seconds, so scene 12's newcomer is guided at once.
  usage: { LOG_LEVEL: 'warn', USAGE_HOUSEKEEPING_INTERVAL: '2s' },
  'audit-ledger': { LOG_LEVEL: 'info' },
  gateway: { LOG_LEVEL: 'warn' },
  // The watcher every 2 s, probing the vendors as often: scene 2's outage opens its SLA breach and
  // pages the first level while it lasts, and the scorecard at the end shows both.
  ops: { LOG_LEVEL: 'warn', OPS_WATCH_INTERVAL_MS: '2000', OPS_PROBE_EVERY: '2s' },
};

/** Every service, against the simulators (the demo stages its vendor outages there). */
export function startStack(config: DemoConfig): Promise<RunningService[]> {
  const ports = {
    gateway: config.gatewayPort,
    ops: config.opsPort,
    mno: config.mnoPort,
    orchestrator: config.orchestratorPort,
  };
  const specs = serviceSpecs(SERVICE_NAMES, ports, DEMO_ENV, {
    ...process.env,
    MNO_BASE_URL: undefined,
    TAX_BASE_URL: undefined,
    PAYMENT_BASE_URL: undefined,
    TAX_SIM_PORT: String(config.taxPort),
    PAYMENT_SIM_PORT: String(config.paymentPort),
  });
  return startServices(specs, join(loadInfraConfig().cacheDir, 'logs'), {
    logPrefix: 'demo-',
    timeoutMs: config.startTimeoutMs,
  });
}
