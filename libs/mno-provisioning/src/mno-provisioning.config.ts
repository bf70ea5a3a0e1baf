import { z } from 'zod';
import { loadConfig } from '@handoff/config';
import type { BackoffSettings, BreakerSettings } from '@handoff/resilience';

const ms = (fallback: number) => z.coerce.number().int().positive().default(fallback);

const mnoSchema = z.object({
  MNO_BASE_URL: z
    .string()
    .url('must be the TMF641 base URL, e.g. http://127.0.0.1:18081/tmf-api/serviceOrdering/v4')
    .default('http://127.0.0.1:18081/tmf-api/serviceOrdering/v4'),
  /** TMF638 Service Inventory; unset: `/tmf-api/serviceInventory/v4` on the ordering URL's host. */
  MNO_INVENTORY_BASE_URL: z
    .string()
    .url('must be the TMF638 base URL, e.g. http://127.0.0.1:18081/tmf-api/serviceInventory/v4')
    .optional(),
  /** One HTTP call, connection to last byte. */
  MNO_CALL_TIMEOUT_MS: ms(2_000),
  MNO_RETRY_ATTEMPTS: z.coerce.number().int().min(1).max(10).default(3),
  MNO_RETRY_BASE_MS: ms(100),
  MNO_RETRY_CAP_MS: ms(2_000),
  /** Budget of one port operation, retries included. */
  MNO_RETRY_DEADLINE_MS: ms(5_000),
  MNO_BREAKER_ERROR_THRESHOLD_PERCENT: z.coerce.number().int().min(1).max(100).default(50),
  MNO_BREAKER_RESET_TIMEOUT_MS: ms(30_000),
  MNO_BREAKER_ROLLING_WINDOW_MS: ms(10_000),
  MNO_BREAKER_VOLUME_THRESHOLD: z.coerce.number().int().min(0).default(5),
  /** How long an activation may wait for the MNO to complete its order before it fails (owner: Network Ops). */
  MNO_ORDER_WAIT_LIMIT_MS: ms(30 * 60_000),
});

export interface MnoSettings {
  baseUrl: string;
  /** Where lines are read (TMF638); default `/tmf-api/serviceInventory/v4` on `baseUrl`'s host. */
  inventoryBaseUrl?: string;
  callTimeoutMs: number;
  retry: BackoffSettings;
  breaker: BreakerSettings;
  /** Longest wait for an order's asynchronous completion. */
  orderWaitLimitMs: number;
}

/** The MNO adapter's settings. The caller passes its environment (`process.env` at boot). */
export function loadMnoConfig(env: Record<string, string | undefined>): MnoSettings {
  const c = loadConfig(mnoSchema, env);
  return {
    baseUrl: c.MNO_BASE_URL.replace(/\/+$/, ''),
    inventoryBaseUrl: c.MNO_INVENTORY_BASE_URL?.replace(/\/+$/, ''),
    callTimeoutMs: c.MNO_CALL_TIMEOUT_MS,
    retry: {
      attempts: c.MNO_RETRY_ATTEMPTS,
      baseMs: c.MNO_RETRY_BASE_MS,
      capMs: c.MNO_RETRY_CAP_MS,
      deadlineMs: c.MNO_RETRY_DEADLINE_MS,
    },
    breaker: {
      errorThresholdPercentage: c.MNO_BREAKER_ERROR_THRESHOLD_PERCENT,
      resetTimeoutMs: c.MNO_BREAKER_RESET_TIMEOUT_MS,
      rollingCountTimeoutMs: c.MNO_BREAKER_ROLLING_WINDOW_MS,
      volumeThreshold: c.MNO_BREAKER_VOLUME_THRESHOLD,
    },
    orderWaitLimitMs: c.MNO_ORDER_WAIT_LIMIT_MS,
  };
}
