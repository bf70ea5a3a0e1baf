import type { INestMicroservice } from '@nestjs/common';
import {
  DEFAULT_AUTHORIZATION_RENEW_MARGIN_MS,
  DEFAULT_PORT_IN_WAIT_LIMIT_MS,
  DEFAULT_PORT_OUT_POLL_INTERVAL_MS,
  type SagaCheckpointHook,
} from '@handoff/activation-saga';
import { ConsumerGroups, Topics } from '@handoff/messaging';
import { startConsumerService } from '@handoff/messaging-nest';
import type { MnoSettings } from '@handoff/mno-provisioning';
import type { LogLevel } from '@handoff/observability';
import { loadPaymentsConfig, type PaymentsSettings } from '@handoff/payments';
import { loadSimInventoryConfig, type SimInventorySettings } from '@handoff/sim-inventory';
import { loadTaxEngineConfig, type TaxEngineSettings } from '@handoff/tax-engine';
import { loadPortInSecretConfig, type PortInSecretSettings } from '@handoff/port-in-secrets';
import { OrchestratorModule } from './orchestrator.module';

export interface OrchestratorStartOptions {
  mno: MnoSettings;
  /** The defaults of TAX_BASE_URL and the TAX_* settings unless given. */
  tax?: TaxEngineSettings;
  /** The defaults of PAYMENT_BASE_URL and the PAYMENT_* settings unless given. */
  payments?: PaymentsSettings;
  /** PAYMENT_AUTHORIZATION_RENEW_MARGIN_MS: a hold lapsing within it is renewed (default a day). */
  authorizationRenewMarginMs?: number;
  retryDelaysMs: readonly number[];
  /** The defaults of PORT_IN_SECRET_TTL_MS and its sweep unless given. */
  portInSecrets?: PortInSecretSettings;
  /** TAX_FREE_JURISDICTIONS: where an untaxed quote is right (none unless given). */
  taxFreeJurisdictions?: readonly string[];
  /** ORCHESTRATOR_PORT and ORCHESTRATOR_HOST; any free loopback port unless given. */
  http?: { port: number; host: string };
  /** ORCHESTRATOR_CALLBACK_BASE_URL: how the MNO's hub reaches the HTTP port. */
  callbackBaseUrl?: string;
  /** SIM_INVENTORY_CHECKS: off unless given. */
  simInventory?: SimInventorySettings;
  /** PORT_IN_WAIT_LIMIT_MS: two days unless given. */
  portInWaitLimitMs?: number;
  /** MNO_PORT_OUT_POLL_INTERVAL_MS: five minutes unless given; 0 turns the poll off. */
  portOutPollIntervalMs?: number;
  /** Tests run their own group so they never share offsets with the demo. */
  groupId?: string;
  logLevel?: LogLevel;
  /**
   * Crash tests only (never set by `main.ts`): called where a vendor has acted and the saga has
   * not committed it yet, so a test can kill the process at that point.
   */
  checkpoint?: SagaCheckpointHook;
}

/** Starts the saga's consumer group on the lifecycle and fulfilment topics. */
export function startOrchestrator(options: OrchestratorStartOptions): Promise<INestMicroservice> {
  return startConsumerService(
    OrchestratorModule.forRoot({
      mno: options.mno,
      money: {
        tax: options.tax ?? loadTaxEngineConfig({}),
        payments: options.payments ?? loadPaymentsConfig({}),
        retryTiers: options.retryDelaysMs.length,
        taxFreeJurisdictions: options.taxFreeJurisdictions ?? [],
        authorizationRenewMarginMs:
          options.authorizationRenewMarginMs ?? DEFAULT_AUTHORIZATION_RENEW_MARGIN_MS,
        checkpoint: options.checkpoint,
      },
      portInSecrets: options.portInSecrets ?? loadPortInSecretConfig({}),
      simInventory: options.simInventory ?? loadSimInventoryConfig({}),
      ports: {
        http: options.http ?? { port: 0, host: '127.0.0.1' },
        callbackBaseUrl: options.callbackBaseUrl,
        portInWaitLimitMs: options.portInWaitLimitMs ?? DEFAULT_PORT_IN_WAIT_LIMIT_MS,
        portOutPollIntervalMs: options.portOutPollIntervalMs ?? DEFAULT_PORT_OUT_POLL_INTERVAL_MS,
      },
      logLevel: options.logLevel,
    }),
    {
      groupId: options.groupId ?? ConsumerGroups.Orchestrator,
      topics: [Topics.SubscriberLifecycle, Topics.Fulfilment],
      retryDelaysMs: options.retryDelaysMs,
    },
    { service: 'orchestrator', level: options.logLevel },
  );
}
