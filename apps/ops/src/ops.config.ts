import { z } from 'zod';
import { loadConfig, port } from '@handoff/config';

const opsSchema = z.object({
  OPS_PORT: port(18082),
  /** Loopback by default, like the gateway: exposing replay and discard is a deployment decision. */
  OPS_HOST: z.string().ip({ message: 'must be an IP address to listen on' }).default('127.0.0.1'),
  /** The CLI's operator key when `--api-key` is not given. */
  HANDOFF_OPERATOR_KEY: z.string().min(1).optional(),
  /** Where the MVNO sells (`ops tax coverage`); default the repository's `sales-footprint.yaml`. */
  OPS_SALES_FOOTPRINT_PATH: z.string().min(1).optional(),
  /** How often the operational-truth watcher runs a round (probes, breaches, jeopardies); 0: never. */
  OPS_WATCH_INTERVAL_MS: z.coerce.number().int().min(0).default(15_000),
});

export interface OpsConfig {
  port: number;
  host: string;
  operatorKey: string | undefined;
  salesFootprintPath: string | undefined;
  watchIntervalMs: number;
}

export function loadOpsConfig(env: Record<string, string | undefined> = process.env): OpsConfig {
  const c = loadConfig(opsSchema, env);
  return {
    port: c.OPS_PORT,
    host: c.OPS_HOST,
    operatorKey: c.HANDOFF_OPERATOR_KEY,
    salesFootprintPath: c.OPS_SALES_FOOTPRINT_PATH,
    watchIntervalMs: c.OPS_WATCH_INTERVAL_MS,
  };
}
