import { z } from 'zod';
import { loadConfig } from '@handoff/config';
import type { LedgerPartitionPolicy } from '@handoff/audit';
import { parseDuration } from '@handoff/ownership';

export interface LedgerMaintenanceSettings extends LedgerPartitionPolicy {
  /** How often the service creates months ahead and drops expired ones. */
  intervalMs: number;
}

const schema = z.object({
  AUDIT_LEDGER_RETENTION_MONTHS: z.coerce
    .number({ invalid_type_error: 'must be a number of months, e.g. 13' })
    .int('must be a whole number of months')
    .min(1, 'must be at least 1 month (the current month is always kept)')
    .max(1200, 'must be at most 1200 months')
    .default(13),
  AUDIT_LEDGER_MAINTENANCE_INTERVAL: z
    .string()
    .default('6h')
    .transform((text, ctx) => {
      const ms = parseDuration(text);
      if (ms !== undefined && ms >= 1000) return ms;
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        message: `must be a duration of at least 1s, e.g. 6h (units ms, s, m, h, d); got "${text}"`,
      });
      return z.NEVER;
    }),
});

/**
 * The ledger's retention (whole months before the current one; 13 keeps a year and the month
 * before it, for year-on-year questions) and how often its partitions are maintained.
 */
export function loadLedgerMaintenanceSettings(
  env: Record<string, string | undefined> = process.env,
): LedgerMaintenanceSettings {
  const c = loadConfig(schema, env);
  return {
    retentionMonths: c.AUDIT_LEDGER_RETENTION_MONTHS,
    monthsAhead: 3,
    intervalMs: c.AUDIT_LEDGER_MAINTENANCE_INTERVAL,
  };
}
