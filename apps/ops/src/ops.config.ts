import { z } from 'zod';
import { duration, loadConfig, port } from '@handoff/config';

const opsSchema = z.object({
  OPS_PORT: port(18082),
  /** Loopback by default, like the gateway: exposing replay and discard is a deployment decision. */
  OPS_HOST: z.string().ip({ message: 'must be an IP address to listen on' }).default('127.0.0.1'),
  /** The CLI's operator key when `--api-key` is not given. */
  HANDOFF_OPERATOR_KEY: z.string().min(1).optional(),
  /** Where the MVNO sells (`ops tax coverage`); default the repository's `sales-footprint.yaml`. */
  OPS_SALES_FOOTPRINT_PATH: z.string().min(1).optional(),
  /** A line active this many days with no successful charge is reported as unbilled. */
  OPS_UNBILLED_AFTER_DAYS: z.coerce
    .number({ invalid_type_error: 'must be a number of days, e.g. 7' })
    .int('must be a whole number of days')
    .min(1, 'must be at least 1 day')
    .default(7),
  /** How far back the integration map looks for each flow's throughput, p95 and error rate. */
  OPS_MAP_WINDOW: duration({ default: '5m', minMs: 1_000 }),
  /** How often the operational-truth watcher runs a round (probes, breaches, jeopardies); 0: never. */
  OPS_WATCH_INTERVAL_MS: z.coerce.number().int().min(0).default(15_000),
  /**
   * Probe each vendor at least this often, when ownership.yaml's `probeEvery` is longer (a duty
   * manager watching the map during an outage, a test); unset: ownership.yaml decides.
   */
  OPS_PROBE_EVERY: duration({ minMs: 100, example: '10s' }),
});

export interface OpsConfig {
  port: number;
  host: string;
  operatorKey: string | undefined;
  salesFootprintPath: string | undefined;
  mapWindowMs: number;
  unbilledAfterDays: number;
  watchIntervalMs: number;
  probeEveryMs: number | undefined;
}

export function loadOpsConfig(env: Record<string, string | undefined> = process.env): OpsConfig {
  const c = loadConfig(opsSchema, env);
  return {
    port: c.OPS_PORT,
    host: c.OPS_HOST,
    operatorKey: c.HANDOFF_OPERATOR_KEY,
    salesFootprintPath: c.OPS_SALES_FOOTPRINT_PATH,
    mapWindowMs: c.OPS_MAP_WINDOW,
    unbilledAfterDays: c.OPS_UNBILLED_AFTER_DAYS,
    watchIntervalMs: c.OPS_WATCH_INTERVAL_MS,
    probeEveryMs: c.OPS_PROBE_EVERY,
  };
}
