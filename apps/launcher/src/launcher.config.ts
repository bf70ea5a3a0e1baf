import { z } from 'zod';
import { loadConfig, port } from '@handoff/config';
import {
  isServiceName,
  SERVICE_NAMES,
  startTimeoutSetting,
  type ServiceName,
} from '@handoff/service-launcher';

const schema = z.object({
  GATEWAY_PORT: port(18080),
  OPS_PORT: port(18082),
  MNO_SIM_PORT: port(18081),
  ORCHESTRATOR_PORT: port(18087),
  /** The health ports of the consumer services with no other HTTP port. */
  PAYMENTS_PORT: port(18086),
  USAGE_PORT: port(18088),
  AUDIT_LEDGER_PORT: port(18089),
  /** A real MNO: the simulators are then left out unless `--only` names them. */
  MNO_BASE_URL: z.string().url('must be an http(s) URL').optional(),
  ...startTimeoutSetting,
});

export interface LauncherConfig {
  ports: {
    gateway: number;
    ops: number;
    mno: number;
    orchestrator: number;
    payments: number;
    usage: number;
    auditLedger: number;
  };
  realMno: boolean;
  startTimeoutMs: number;
}

export function loadLauncherConfig(
  env: Record<string, string | undefined> = process.env,
): LauncherConfig {
  const c = loadConfig(schema, env);
  return {
    ports: {
      gateway: c.GATEWAY_PORT,
      ops: c.OPS_PORT,
      mno: c.MNO_SIM_PORT,
      orchestrator: c.ORCHESTRATOR_PORT,
      payments: c.PAYMENTS_PORT,
      usage: c.USAGE_PORT,
      auditLedger: c.AUDIT_LEDGER_PORT,
    },
    realMno: c.MNO_BASE_URL !== undefined,
    startTimeoutMs: c.HANDOFF_SERVICE_START_TIMEOUT_MS,
  };
}

/**
 * The services to start: those `--only` names (comma-separated), else every one (but the
 * simulators when a real MNO is configured). An unknown name is an error that lists the known ones.
 */
export function selectServices(only: string | undefined, realMno: boolean): ServiceName[] {
  if (only === undefined) {
    return SERVICE_NAMES.filter((name) => !(realMno && name === 'vendor-simulators'));
  }
  const names = only
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  const unknown = names.filter((name) => !isServiceName(name));
  if (unknown.length > 0) {
    throw new Error(
      `--only: unknown service ${unknown.map((n) => `"${n}"`).join(', ')} (known: ${SERVICE_NAMES.join(', ')})`,
    );
  }
  if (names.length === 0)
    throw new Error(`--only: name at least one of ${SERVICE_NAMES.join(', ')}`);
  return SERVICE_NAMES.filter((name) => names.includes(name));
}
