import { z } from 'zod';
import { commaList, loadConfig } from '@handoff/config';
import { loadDunningConfig, type DunningSettings } from '@handoff/dunning';
import { loadHealthPortConfig, type HealthHttpOptions } from '@handoff/health';
import { DEFAULT_RETRY_DELAYS_MS } from '@handoff/messaging';
import { loadPaymentsConfig, type PaymentsSettings } from '@handoff/payments';
import { loadTaxEngineConfig, type TaxEngineSettings } from '@handoff/tax-engine';

const schema = z.object({
  /** Retry delays of the payments service's consumer group, e.g. `1000,10000,60000`. */
  PAYMENTS_RETRY_DELAYS_MS: commaList.refine(
    (list) => !list || (list.length > 0 && list.every((d) => /^\d+$/.test(d) && Number(d) > 0)),
    'must be comma-separated positive millisecond delays, e.g. 1000,10000,60000',
  ),
});

export interface PaymentsServiceConfig {
  retryDelaysMs: readonly number[];
  /** TAX_BASE_URL and the TAX_* settings; defaults reach the tax engine simulator on 18084. */
  tax: TaxEngineSettings;
  /** PAYMENT_BASE_URL and the PAYMENT_* settings; defaults reach the processor simulator on 18085. */
  payments: PaymentsSettings;
  /** DUNNING_RETRY_AFTER, DUNNING_CARD_NETWORK_CAP, DUNNING_POLL_INTERVAL_MS, DUNNING_CLOCK_SCALE. */
  dunning: DunningSettings;
  /** PAYMENTS_PORT (18086) and PAYMENTS_HOST: the small port of the health endpoints. */
  health: HealthHttpOptions;
}

export function loadPaymentsServiceConfig(
  env: Record<string, string | undefined> = process.env,
): PaymentsServiceConfig {
  const c = loadConfig(schema, env);
  return {
    retryDelaysMs: c.PAYMENTS_RETRY_DELAYS_MS?.map(Number) ?? DEFAULT_RETRY_DELAYS_MS,
    tax: loadTaxEngineConfig(env),
    payments: loadPaymentsConfig(env),
    dunning: loadDunningConfig(env),
    health: loadHealthPortConfig('PAYMENTS', 18086, env),
  };
}
