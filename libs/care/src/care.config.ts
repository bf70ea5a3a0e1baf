import { z } from 'zod';
import { loadConfig } from '@handoff/config';

const positiveInt = (fallback: number) => z.coerce.number().int().min(1).default(fallback);

const schema = z.object({
  /** Fresh MNO line reads one care key may ask for per minute; over it, 429 with Retry-After. */
  CARE_LINE_READS_PER_MINUTE: positiveInt(5),
  /** How long a line read shown in the diagnostic view is reused before the MNO is asked again. */
  CARE_LINE_READ_REUSE_MS: positiveInt(300_000),
  /** How long a care look-up waits for the MNO before showing the line as not read. */
  CARE_MNO_READ_TIMEOUT_MS: positiveInt(3_000),
});

export interface CareSettings {
  lineReadsPerMinute: number;
  lineReadReuseMs: number;
  mnoReadTimeoutMs: number;
}

export function loadCareConfig(
  env: Record<string, string | undefined> = process.env,
): CareSettings {
  const c = loadConfig(schema, env);
  return {
    lineReadsPerMinute: c.CARE_LINE_READS_PER_MINUTE,
    lineReadReuseMs: c.CARE_LINE_READ_REUSE_MS,
    mnoReadTimeoutMs: c.CARE_MNO_READ_TIMEOUT_MS,
  };
}
