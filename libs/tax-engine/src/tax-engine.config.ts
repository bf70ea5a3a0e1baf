import { z } from 'zod';
import { loadConfig } from '@handoff/config';
import type { BackoffSettings, BreakerSettings } from '@handoff/resilience';

const ms = (fallback: number) => z.coerce.number().int().positive().default(fallback);

const taxSchema = z.object({
  TAX_BASE_URL: z
    .string()
    .url('must be the tax API base URL, e.g. http://127.0.0.1:18084/communications-tax/v1')
    .default('http://127.0.0.1:18084/communications-tax/v1'),
  /** One HTTP call, connection to last byte. */
  TAX_CALL_TIMEOUT_MS: ms(2_000),
  TAX_RETRY_ATTEMPTS: z.coerce.number().int().min(1).max(10).default(3),
  TAX_RETRY_BASE_MS: ms(100),
  TAX_RETRY_CAP_MS: ms(2_000),
  /** Budget of one port operation, retries and look-ups included. */
  TAX_RETRY_DEADLINE_MS: ms(5_000),
  TAX_BREAKER_ERROR_THRESHOLD_PERCENT: z.coerce.number().int().min(1).max(100).default(50),
  TAX_BREAKER_RESET_TIMEOUT_MS: ms(30_000),
  TAX_BREAKER_ROLLING_WINDOW_MS: ms(10_000),
  TAX_BREAKER_VOLUME_THRESHOLD: z.coerce.number().int().min(0).default(5),
});

export interface TaxEngineSettings {
  baseUrl: string;
  callTimeoutMs: number;
  retry: BackoffSettings;
  breaker: BreakerSettings;
}

/** The tax adapter's settings. The caller passes its environment (`process.env` at boot). */
export function loadTaxEngineConfig(env: Record<string, string | undefined>): TaxEngineSettings {
  const c = loadConfig(taxSchema, env);
  return {
    baseUrl: c.TAX_BASE_URL.replace(/\/+$/, ''),
    callTimeoutMs: c.TAX_CALL_TIMEOUT_MS,
    retry: {
      attempts: c.TAX_RETRY_ATTEMPTS,
      baseMs: c.TAX_RETRY_BASE_MS,
      capMs: c.TAX_RETRY_CAP_MS,
      deadlineMs: c.TAX_RETRY_DEADLINE_MS,
    },
    breaker: {
      errorThresholdPercentage: c.TAX_BREAKER_ERROR_THRESHOLD_PERCENT,
      resetTimeoutMs: c.TAX_BREAKER_RESET_TIMEOUT_MS,
      rollingCountTimeoutMs: c.TAX_BREAKER_ROLLING_WINDOW_MS,
      volumeThreshold: c.TAX_BREAKER_VOLUME_THRESHOLD,
    },
  };
}
