import { z } from 'zod';
import { loadConfig } from '@handoff/config';

const flag = z
  .enum(['0', '1', 'true', 'false'])
  .optional()
  .transform((v) => v === '1' || v === 'true');

const benchSchema = z.object({
  BENCH_RECORDS: z.coerce.number().int().min(100).max(1_000_000).default(20_000),
  BENCH_ROUNDS: z.coerce.number().int().min(1).max(20).default(2),
  /** Upper bound of one timed phase; unset, it grows with the record count. */
  BENCH_PHASE_TIMEOUT_MS: z.coerce.number().int().min(1_000).optional(),
  /** Before each timed phase, wait up to this long for other processes to calm down; 0 disables. */
  BENCH_QUIET_WAIT_MS: z.coerce.number().int().min(0).default(30_000),
  /** Backbone knobs, to try what a setting changes; unset, the library's defaults are measured. */
  BENCH_MAX_IN_FLIGHT: z.coerce.number().int().min(1).optional(),
  BENCH_RELAY_BATCH: z.coerce.number().int().min(1).optional(),
  /** `record`: a handler per record (key-ordered, in flight up to the limit); `batch`: a batch handler per fetched chunk. */
  BENCH_HANDLER: z.enum(['record', 'batch']).default('record'),
  /** Times the backbone's SQL and Kafka sends by kind, to see where a round spends its time. */
  BENCH_PROFILE: flag,
});

export interface BenchConfig {
  records: number;
  rounds: number;
  phaseTimeoutMs: number;
  quietWaitMs: number;
  maxInFlight: number | undefined;
  relayBatchSize: number | undefined;
  handlerKind: 'record' | 'batch';
  profile: boolean;
}

/** The bench's knobs, validated once; every message names the variable to fix. */
export function loadBenchConfig(
  env: Record<string, string | undefined> = process.env,
): BenchConfig {
  const c = loadConfig(benchSchema, env);
  return {
    records: c.BENCH_RECORDS,
    rounds: c.BENCH_ROUNDS,
    phaseTimeoutMs: c.BENCH_PHASE_TIMEOUT_MS ?? 60_000 + c.BENCH_RECORDS * 5,
    quietWaitMs: c.BENCH_QUIET_WAIT_MS,
    maxInFlight: c.BENCH_MAX_IN_FLIGHT,
    relayBatchSize: c.BENCH_RELAY_BATCH,
    handlerKind: c.BENCH_HANDLER,
    profile: c.BENCH_PROFILE,
  };
}
