import { z } from 'zod';
import { loadConfig } from '@handoff/config';
import type { BackoffSettings, BreakerSettings } from '@handoff/resilience';

const ms = (fallback: number) => z.coerce.number().int().positive().default(fallback);

const paymentsSchema = z.object({
  PAYMENT_BASE_URL: z
    .string()
    .url('must be the processor API base URL, e.g. http://127.0.0.1:18085/v1')
    .default('http://127.0.0.1:18085/v1'),
  /** One HTTP call, connection to last byte. */
  PAYMENT_CALL_TIMEOUT_MS: ms(2_000),
  PAYMENT_RETRY_ATTEMPTS: z.coerce.number().int().min(1).max(10).default(3),
  PAYMENT_RETRY_BASE_MS: ms(100),
  PAYMENT_RETRY_CAP_MS: ms(2_000),
  /** Budget of one port operation, retries included. */
  PAYMENT_RETRY_DEADLINE_MS: ms(5_000),
  PAYMENT_BREAKER_ERROR_THRESHOLD_PERCENT: z.coerce.number().int().min(1).max(100).default(50),
  PAYMENT_BREAKER_RESET_TIMEOUT_MS: ms(30_000),
  PAYMENT_BREAKER_ROLLING_WINDOW_MS: ms(10_000),
  PAYMENT_BREAKER_VOLUME_THRESHOLD: z.coerce.number().int().min(0).default(5),
});

export interface PaymentsSettings {
  baseUrl: string;
  callTimeoutMs: number;
  retry: BackoffSettings;
  breaker: BreakerSettings;
}

/** The payment adapter's settings. The caller passes its environment (`process.env` at boot). */
export function loadPaymentsConfig(env: Record<string, string | undefined>): PaymentsSettings {
  const c = loadConfig(paymentsSchema, env);
  return {
    baseUrl: c.PAYMENT_BASE_URL.replace(/\/+$/, ''),
    callTimeoutMs: c.PAYMENT_CALL_TIMEOUT_MS,
    retry: {
      attempts: c.PAYMENT_RETRY_ATTEMPTS,
      baseMs: c.PAYMENT_RETRY_BASE_MS,
      capMs: c.PAYMENT_RETRY_CAP_MS,
      deadlineMs: c.PAYMENT_RETRY_DEADLINE_MS,
    },
    breaker: {
      errorThresholdPercentage: c.PAYMENT_BREAKER_ERROR_THRESHOLD_PERCENT,
      resetTimeoutMs: c.PAYMENT_BREAKER_RESET_TIMEOUT_MS,
      rollingCountTimeoutMs: c.PAYMENT_BREAKER_ROLLING_WINDOW_MS,
      volumeThreshold: c.PAYMENT_BREAKER_VOLUME_THRESHOLD,
    },
  };
}
