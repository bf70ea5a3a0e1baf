import { z } from 'zod';
import { loadConfig } from '@handoff/config';

const schema = z.object({
  /** Activations with charges, published at once. */
  BENCH_ACTIVATIONS: z.coerce.number().int().min(10).max(100_000).default(300),
  /** Records in flight in the orchestrator; the library's default when unset. */
  BENCH_MAX_IN_FLIGHT: z.coerce.number().int().min(1).optional(),
  /** Upper bound of the timed phase. */
  BENCH_PHASE_TIMEOUT_MS: z.coerce.number().int().min(1_000).default(600_000),
});

export interface SagaBenchConfig {
  activations: number;
  maxInFlight: number | undefined;
  phaseTimeoutMs: number;
}

export function loadSagaBenchConfig(
  env: Record<string, string | undefined> = process.env,
): SagaBenchConfig {
  const c = loadConfig(schema, env);
  return {
    activations: c.BENCH_ACTIVATIONS,
    maxInFlight: c.BENCH_MAX_IN_FLIGHT,
    phaseTimeoutMs: c.BENCH_PHASE_TIMEOUT_MS,
  };
}
