import { z } from 'zod';
import { loadConfig } from '@handoff/config';

const schema = z.object({
  /** Activations per mode. One at a time runs at a few per second, so keep it modest. */
  BENCH_ACTIVATIONS: z.coerce.number().int().min(10).max(100_000).default(200),
  /** How long the MNO simulator takes to complete an order (and so to answer "completed"). */
  BENCH_MNO_DELAY_MS: z.coerce.number().int().min(0).max(60_000).default(50),
  /** Records in flight of the concurrent mode; the library's default when unset. */
  BENCH_MAX_IN_FLIGHT: z.coerce.number().int().min(2).optional(),
  /** Upper bound of one mode's timed phase. */
  BENCH_PHASE_TIMEOUT_MS: z.coerce.number().int().min(1_000).default(600_000),
});

export interface ConcurrencyBenchConfig {
  activations: number;
  mnoDelayMs: number;
  maxInFlight: number | undefined;
  phaseTimeoutMs: number;
}

export function loadConcurrencyBenchConfig(
  env: Record<string, string | undefined> = process.env,
): ConcurrencyBenchConfig {
  const c = loadConfig(schema, env);
  return {
    activations: c.BENCH_ACTIVATIONS,
    mnoDelayMs: c.BENCH_MNO_DELAY_MS,
    maxInFlight: c.BENCH_MAX_IN_FLIGHT,
    phaseTimeoutMs: c.BENCH_PHASE_TIMEOUT_MS,
  };
}
