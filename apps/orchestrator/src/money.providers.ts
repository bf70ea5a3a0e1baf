import { Inject, type OnApplicationShutdown, type Provider } from '@nestjs/common';
import {
  ActivationRepository,
  AuthorizationRenewal,
  ChargeSteps,
  MoneyCompensation,
  SagaCommitter,
  SagaLedger,
  SettlementStep,
  TaxHoldPolicy,
  UnpaidLine,
  type SagaCheckpointHook,
  VendorCallRecorder,
} from '@handoff/activation-saga';
import type { Logger } from '@handoff/observability';
import { PaymentsAxiosAdapter, type PaymentsPort, type PaymentsSettings } from '@handoff/payments';
import { PortInSecretStore } from '@handoff/port-in-secrets';
import {
  TaxEngineAxiosAdapter,
  type TaxEnginePort,
  type TaxEngineSettings,
} from '@handoff/tax-engine';

export const TAX_PORT = Symbol('TAX_PORT');
export const PAYMENTS_PORT = Symbol('PAYMENTS_PORT');

export interface MoneyOptions {
  tax: TaxEngineSettings;
  payments: PaymentsSettings;
  /** The saga group's retry tiers: a capture still failing after the last flags the line unpaid. */
  retryTiers: number;
  /** Where a quote with no tax line at all is right; elsewhere it holds the activation. */
  taxFreeJurisdictions: readonly string[];
  /** A hold that lapses within this is renewed while its activation waits, and before capture. */
  authorizationRenewMarginMs: number;
  /** Crash tests only: called where a vendor acted and the saga has not committed it yet. */
  checkpoint?: SagaCheckpointHook;
  /** Where the adapters log their breakers' transitions. */
  vendorLog?: Logger;
}

/** The adapters' breakers keep timers and their agents keep sockets: close them with the app. */
class MoneyAdaptersLifecycle implements OnApplicationShutdown {
  constructor(
    @Inject(TaxEngineAxiosAdapter) private readonly tax: TaxEngineAxiosAdapter,
    @Inject(PaymentsAxiosAdapter) private readonly payments: PaymentsAxiosAdapter,
  ) {}

  onApplicationShutdown(): void {
    this.tax.close();
    this.payments.close();
  }
}

/** The tax engine and the processor behind their ports, and the saga's money steps. */
export function moneyProviders(options: MoneyOptions): Provider[] {
  return [
    {
      provide: TaxEngineAxiosAdapter,
      useFactory: () => new TaxEngineAxiosAdapter(options.tax, options.vendorLog),
    },
    { provide: TAX_PORT, useExisting: TaxEngineAxiosAdapter },
    {
      provide: PaymentsAxiosAdapter,
      useFactory: () => new PaymentsAxiosAdapter(options.payments, options.vendorLog),
    },
    { provide: PAYMENTS_PORT, useExisting: PaymentsAxiosAdapter },
    MoneyAdaptersLifecycle,
    {
      provide: VendorCallRecorder,
      inject: [SagaCommitter, SagaLedger],
      useFactory: (committer: SagaCommitter, ledger: SagaLedger) =>
        new VendorCallRecorder(committer, ledger),
    },
    {
      provide: MoneyCompensation,
      inject: [ActivationRepository, SagaCommitter, TAX_PORT, PAYMENTS_PORT, VendorCallRecorder],
      useFactory: (
        repository: ActivationRepository,
        committer: SagaCommitter,
        tax: TaxEnginePort,
        payments: PaymentsPort,
        calls: VendorCallRecorder,
      ) => new MoneyCompensation(repository, committer, tax, payments, calls),
    },
    {
      provide: ChargeSteps,
      inject: [
        ActivationRepository,
        SagaCommitter,
        TAX_PORT,
        PAYMENTS_PORT,
        SagaLedger,
        VendorCallRecorder,
        MoneyCompensation,
        PortInSecretStore,
      ],
      useFactory: (
        repository: ActivationRepository,
        committer: SagaCommitter,
        tax: TaxEnginePort,
        payments: PaymentsPort,
        ledger: SagaLedger,
        calls: VendorCallRecorder,
        compensation: MoneyCompensation,
        secrets: PortInSecretStore,
      ) =>
        new ChargeSteps(
          repository,
          committer,
          tax,
          payments,
          ledger,
          calls,
          compensation,
          secrets,
          new TaxHoldPolicy(options.taxFreeJurisdictions),
        ),
    },
    {
      provide: UnpaidLine,
      inject: [ActivationRepository, SagaCommitter, SagaLedger],
      useFactory: (
        repository: ActivationRepository,
        committer: SagaCommitter,
        ledger: SagaLedger,
      ) => new UnpaidLine(repository, committer, ledger, options.retryTiers),
    },
    {
      provide: AuthorizationRenewal,
      inject: [
        ActivationRepository,
        SagaCommitter,
        PAYMENTS_PORT,
        SagaLedger,
        VendorCallRecorder,
        MoneyCompensation,
      ],
      useFactory: (
        repository: ActivationRepository,
        committer: SagaCommitter,
        payments: PaymentsPort,
        ledger: SagaLedger,
        calls: VendorCallRecorder,
        compensation: MoneyCompensation,
      ) =>
        new AuthorizationRenewal(
          repository,
          committer,
          payments,
          ledger,
          calls,
          compensation,
          options.authorizationRenewMarginMs,
        ),
    },
    {
      provide: SettlementStep,
      inject: [
        ActivationRepository,
        SagaCommitter,
        TAX_PORT,
        PAYMENTS_PORT,
        SagaLedger,
        VendorCallRecorder,
        UnpaidLine,
        AuthorizationRenewal,
      ],
      useFactory: (
        repository: ActivationRepository,
        committer: SagaCommitter,
        tax: TaxEnginePort,
        payments: PaymentsPort,
        ledger: SagaLedger,
        calls: VendorCallRecorder,
        unpaid: UnpaidLine,
        renewal: AuthorizationRenewal,
      ) =>
        new SettlementStep(
          repository,
          committer,
          tax,
          payments,
          ledger,
          calls,
          unpaid,
          renewal,
          options.checkpoint,
        ),
    },
  ];
}
