import { z } from 'zod';
import {
  DEFAULT_AUTHORIZATION_RENEW_MARGIN_MS,
  DEFAULT_PORT_IN_WAIT_LIMIT_MS,
  DEFAULT_PORT_OUT_POLL_INTERVAL_MS,
} from '@handoff/activation-saga';
import { commaList, loadConfig, port } from '@handoff/config';
import { loadMnoConfig, type MnoSettings } from '@handoff/mno-provisioning';
import { ORCHESTRATOR_RETRY_DELAYS_MS } from '@handoff/messaging';
import { loadPaymentsConfig, type PaymentsSettings } from '@handoff/payments';
import { loadPortInSecretConfig, type PortInSecretSettings } from '@handoff/port-in-secrets';
import { loadSimInventoryConfig, type SimInventorySettings } from '@handoff/sim-inventory';
import { loadTaxEngineConfig, type TaxEngineSettings } from '@handoff/tax-engine';

const schema = z
  .object({
    /** Retry delays of the saga's consumer group, e.g. `500,1000,2000`; at most as many tiers as the catalog declares. */
    ORCHESTRATOR_RETRY_DELAYS_MS: commaList.refine(
      (list) =>
        !list ||
        (list.length <= ORCHESTRATOR_RETRY_DELAYS_MS.length && list.every((d) => /^\d+$/.test(d))),
      `must be up to ${ORCHESTRATOR_RETRY_DELAYS_MS.length} comma-separated millisecond delays`,
    ),
    /** How long before a payment authorization lapses the saga renews it (activations waiting). */
    PAYMENT_AUTHORIZATION_RENEW_MARGIN_MS: z.coerce
      .number()
      .int()
      .positive()
      .default(DEFAULT_AUTHORIZATION_RENEW_MARGIN_MS),
    /**
     * Tax engine jurisdiction codes where charges are rightly taxed nothing, e.g. `US-OR-PORTLAND`:
     * anywhere else a quote with no tax line at all holds the activation (decision 35).
     */
    /** The small HTTP port (the MNO hub's callbacks; health and metrics later): not a standard one. */
    ORCHESTRATOR_PORT: port(18087),
    /** Loopback by default; a deployment whose MNO calls in from outside sets it and the URL below. */
    ORCHESTRATOR_HOST: z
      .string()
      .ip({ message: 'must be an IP address to listen on' })
      .default('127.0.0.1'),
    /** How the MNO's hub reaches this port, e.g. `https://handoff.example.com`; default the bound address. */
    ORCHESTRATOR_CALLBACK_BASE_URL: z.string().url('must be an http(s) URL').optional(),
    /** How long a port-in may wait for the donor's answer before it fails, owned by the MNO's owner. */
    PORT_IN_WAIT_LIMIT_MS: z.coerce
      .number()
      .int()
      .positive()
      .default(DEFAULT_PORT_IN_WAIT_LIMIT_MS),
    /** How often the MNO's ended lines are read for port-outs the hub did not call about; 0: never. */
    MNO_PORT_OUT_POLL_INTERVAL_MS: z.coerce
      .number()
      .int()
      .refine((ms) => ms === 0 || ms >= 1_000, 'must be 0 (off) or at least 1000 ms')
      .default(DEFAULT_PORT_OUT_POLL_INTERVAL_MS),
    TAX_FREE_JURISDICTIONS: commaList.refine(
      (list) => !list || list.every((code) => /^[A-Z0-9][A-Z0-9-]*$/.test(code)),
      'must be comma-separated tax engine jurisdiction codes, e.g. US-OR-PORTLAND',
    ),
  })
  .superRefine((c, ctx) => {
    // A waiting activation is looked at again at most one retry delay later: a margin shorter than
    // that could let a hold lapse between two looks.
    const longest = Math.max(
      ...(c.ORCHESTRATOR_RETRY_DELAYS_MS?.map(Number) ?? ORCHESTRATOR_RETRY_DELAYS_MS),
    );
    if (c.PAYMENT_AUTHORIZATION_RENEW_MARGIN_MS > longest) return;
    ctx.addIssue({
      code: 'custom',
      path: ['PAYMENT_AUTHORIZATION_RENEW_MARGIN_MS'],
      message: `must be longer than the longest retry delay (${longest} ms)`,
    });
  });

export interface OrchestratorConfig {
  retryDelaysMs: readonly number[];
  mno: MnoSettings;
  /** TAX_BASE_URL and the TAX_* settings; defaults reach the tax engine simulator on 18084. */
  tax: TaxEngineSettings;
  /** PAYMENT_BASE_URL and the PAYMENT_* settings; defaults reach the processor simulator on 18085. */
  payments: PaymentsSettings;
  authorizationRenewMarginMs: number;
  portInSecrets: PortInSecretSettings;
  /** Where a quote with no tax line at all is right; elsewhere it holds the activation. */
  taxFreeJurisdictions: readonly string[];
  http: { port: number; host: string };
  callbackBaseUrl: string | undefined;
  portInWaitLimitMs: number;
  /** SIM_INVENTORY_CHECKS: whether activation checks SIMs against the inventory (off). */
  simInventory: SimInventorySettings;
  portOutPollIntervalMs: number;
}

export function loadOrchestratorConfig(
  env: Record<string, string | undefined> = process.env,
): OrchestratorConfig {
  const c = loadConfig(schema, env);
  return {
    retryDelaysMs: c.ORCHESTRATOR_RETRY_DELAYS_MS?.map(Number) ?? ORCHESTRATOR_RETRY_DELAYS_MS,
    mno: loadMnoConfig(env),
    tax: loadTaxEngineConfig(env),
    payments: loadPaymentsConfig(env),
    authorizationRenewMarginMs: c.PAYMENT_AUTHORIZATION_RENEW_MARGIN_MS,
    portInSecrets: loadPortInSecretConfig(env),
    taxFreeJurisdictions: c.TAX_FREE_JURISDICTIONS ?? [],
    http: { port: c.ORCHESTRATOR_PORT, host: c.ORCHESTRATOR_HOST },
    callbackBaseUrl: c.ORCHESTRATOR_CALLBACK_BASE_URL,
    portInWaitLimitMs: c.PORT_IN_WAIT_LIMIT_MS,
    simInventory: loadSimInventoryConfig(env),
    portOutPollIntervalMs: c.MNO_PORT_OUT_POLL_INTERVAL_MS,
  };
}
