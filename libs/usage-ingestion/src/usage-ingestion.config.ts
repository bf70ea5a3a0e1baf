import { z } from 'zod';
import { duration, loadConfig } from '@handoff/config';

export interface UsageIngestionSettings {
  /** A record that started longer than this before it arrived is late: accepted, flagged, counted. */
  lateAfterMs: number;
  /** A recycled record (its line unknown) still unguided this long after arrival is rejected. */
  recycleLimitMs: number;
  /** A UTC day is handed on to the BSS this long after it ended; later records are corrections. */
  dayCloseAfterMs: number;
  /** A record row is kept this long after arrival: the record-level de-duplication window. */
  recordRetentionMs: number;
  /** How often re-guiding, rejecting, handing on and purging run. */
  housekeepingIntervalMs: number;
}

const schema = z.object({
  USAGE_LATE_AFTER: duration({ default: '24h' }),
  USAGE_RECYCLE_LIMIT: duration({ default: '72h' }),
  // The feed's SLA (ownership.yaml) is 4 hours at p95: most of a day has arrived by then.
  USAGE_DAY_CLOSE_AFTER: duration({ default: '4h', minMs: 0 }),
  USAGE_RECORD_RETENTION: duration({ default: '45d' }),
  USAGE_HOUSEKEEPING_INTERVAL: duration({ default: '1m' }),
});

/** Usage ingestion's settings. The caller passes its environment (`process.env` at boot). */
export function loadUsageIngestionConfig(
  env: Record<string, string | undefined>,
): UsageIngestionSettings {
  const c = loadConfig(schema, env);
  return {
    lateAfterMs: c.USAGE_LATE_AFTER,
    recycleLimitMs: c.USAGE_RECYCLE_LIMIT,
    dayCloseAfterMs: c.USAGE_DAY_CLOSE_AFTER,
    recordRetentionMs: c.USAGE_RECORD_RETENTION,
    housekeepingIntervalMs: c.USAGE_HOUSEKEEPING_INTERVAL,
  };
}
