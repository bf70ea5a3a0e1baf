import { z } from 'zod';
import { duration, loadConfig } from '@handoff/config';
import type { LedgerPartitionPolicy } from '@handoff/audit';

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
  AUDIT_LEDGER_MAINTENANCE_INTERVAL: duration({ default: '6h', minMs: 1_000 }),
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
