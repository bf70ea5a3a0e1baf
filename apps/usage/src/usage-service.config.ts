import { z } from 'zod';
import { commaList, loadConfig } from '@handoff/config';
import { loadHealthPortConfig, type HealthHttpOptions } from '@handoff/health';
import { DEFAULT_RETRY_DELAYS_MS } from '@handoff/messaging';
import { loadUsageIngestionConfig, type UsageIngestionSettings } from '@handoff/usage-ingestion';

const schema = z.object({
  /** Retry delays of the usage service's consumer group, e.g. `1000,10000,60000`. */
  USAGE_RETRY_DELAYS_MS: commaList.refine(
    (list) => !list || (list.length > 0 && list.every((d) => /^\d+$/.test(d) && Number(d) > 0)),
    'must be comma-separated positive millisecond delays, e.g. 1000,10000,60000',
  ),
});

export interface UsageServiceConfig {
  retryDelaysMs: readonly number[];
  /** USAGE_LATE_AFTER, USAGE_RECYCLE_LIMIT, USAGE_DAY_CLOSE_AFTER, USAGE_RECORD_RETENTION, ... */
  ingestion: UsageIngestionSettings;
  /** USAGE_PORT (18088) and USAGE_HOST: the small port of the health endpoints. */
  health: HealthHttpOptions;
}

export function loadUsageServiceConfig(
  env: Record<string, string | undefined> = process.env,
): UsageServiceConfig {
  const c = loadConfig(schema, env);
  return {
    retryDelaysMs: c.USAGE_RETRY_DELAYS_MS?.map(Number) ?? DEFAULT_RETRY_DELAYS_MS,
    ingestion: loadUsageIngestionConfig(env),
    health: loadHealthPortConfig('USAGE', 18088, env),
  };
}
