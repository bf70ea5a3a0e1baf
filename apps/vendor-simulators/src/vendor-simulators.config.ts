import { loadServiceConfig } from '@handoff/config';
import type { LogLevel } from '@handoff/observability';
import { loadMnoSimulatorConfig, type MnoSimulatorConfig } from './mno/mno.config';

export interface VendorSimulatorsConfig {
  logLevel: LogLevel;
  mno: MnoSimulatorConfig;
}

/** Every simulator's namespace, validated at start-up; the only place the environment is read. */
export function loadVendorSimulatorsConfig(
  env: Record<string, string | undefined> = process.env,
): VendorSimulatorsConfig {
  return { logLevel: loadServiceConfig(env).logLevel, mno: loadMnoSimulatorConfig(env) };
}
