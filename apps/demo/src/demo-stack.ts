import { join } from 'node:path';
import { loadInfraConfig } from '@handoff/config';
import type { DemoConfig } from './demo.config';
import {
  httpReady,
  logReady,
  startService,
  stopService,
  type RunningService,
  type ServiceSpec,
} from './demo-processes';

const CONSUMER_READY = logReady('consumer group running');

/**
 * The settings that make an outage visible within a minute: a breaker that trips after a few
 * failures and tries again every second, and short retry tiers. Production defaults are slower.
 */
function specs(config: DemoConfig): ServiceSpec[] {
  const mnoUrl = `http://127.0.0.1:${config.mnoPort}`;
  return [
    {
      name: 'vendor-simulators',
      entry: 'apps/vendor-simulators/src/main.ts',
      env: {
        MNO_SIM_PORT: String(config.mnoPort),
        MNO_SIM_COMPLETION_DELAY_MS: '300',
        LOG_LEVEL: 'warn',
      },
      ready: httpReady(`${mnoUrl}/admin/faults`),
    },
    {
      name: 'orchestrator',
      entry: 'apps/orchestrator/src/main.ts',
      env: {
        LOG_LEVEL: 'info',
        MNO_BASE_URL: `${mnoUrl}/tmf-api/serviceOrdering/v4`,
        ORCHESTRATOR_RETRY_DELAYS_MS: '300,600,1200',
        MNO_CALL_TIMEOUT_MS: '1000',
        MNO_RETRY_ATTEMPTS: '2',
        MNO_RETRY_DEADLINE_MS: '2000',
        MNO_BREAKER_RESET_TIMEOUT_MS: '1000',
        MNO_BREAKER_VOLUME_THRESHOLD: '4',
      },
      ready: CONSUMER_READY,
    },
    {
      name: 'audit-ledger',
      entry: 'apps/audit-ledger/src/main.ts',
      env: { LOG_LEVEL: 'info' },
      ready: CONSUMER_READY,
    },
    {
      name: 'gateway',
      entry: 'apps/gateway/src/main.ts',
      env: { GATEWAY_PORT: String(config.gatewayPort), LOG_LEVEL: 'warn' },
      ready: httpReady(`http://127.0.0.1:${config.gatewayPort}/health`),
    },
    {
      name: 'ops',
      entry: 'apps/ops/src/main.ts',
      env: { OPS_PORT: String(config.opsPort), LOG_LEVEL: 'warn' },
      ready: httpReady(`http://127.0.0.1:${config.opsPort}/docs-json`),
    },
  ];
}

export async function startStack(config: DemoConfig): Promise<RunningService[]> {
  const logsDir = join(loadInfraConfig().cacheDir, 'logs');
  const started = await Promise.allSettled(
    specs(config).map((spec) => startService(spec, logsDir)),
  );
  const running = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  const failed = started.flatMap((s) => (s.status === 'rejected' ? [String(s.reason)] : []));
  if (failed.length > 0) {
    await stopStack(running);
    throw new Error(failed.join('\n'));
  }
  return running;
}

/** Stops every service; returns the names of those that did not shut down cleanly on SIGTERM. */
export async function stopStack(services: RunningService[]): Promise<string[]> {
  const clean = await Promise.all(services.map((s) => stopService(s)));
  return services.filter((_, i) => !clean[i]).map((s) => `${s.name} (see ${s.logFile})`);
}
