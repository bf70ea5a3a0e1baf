import {
  Inject,
  Module,
  type DynamicModule,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { SagaCommitter, SagaLedger, VendorCallRecorder } from '@handoff/activation-saga';
import { loadServiceConfig } from '@handoff/config';
import { DunningLedger, DunningRunner, type Clock, type DunningSettings } from '@handoff/dunning';
import { HealthModule, type HealthHttpOptions } from '@handoff/health';
import { Backbone, Topics } from '@handoff/messaging';
import { BackboneModule, HANDOFF_DATA_SOURCE, OWNERSHIP_MATRIX } from '@handoff/messaging-nest';
import { createLogger, type LogLevel } from '@handoff/observability';
import type { OwnershipMatrix } from '@handoff/ownership';
import {
  PaymentRepository,
  PaymentRequestFlow,
  RefundFlow,
  RefundRepository,
  type PaymentCheckpointHook,
} from '@handoff/payment-requests';
import { PaymentsAxiosAdapter, type PaymentsSettings } from '@handoff/payments';
import { TaxEngineAxiosAdapter, type TaxEngineSettings } from '@handoff/tax-engine';
import { PaymentHandlers } from './payment.handlers';

const SERVICE = 'payments';

export interface PaymentsModuleOptions {
  tax: TaxEngineSettings;
  payments: PaymentsSettings;
  dunning: DunningSettings;
  /** Dunning's clock: the real one outside tests and the demo. */
  clock: Clock;
  logLevel?: LogLevel;
  health: HealthHttpOptions;
  /** Crash tests only: called where a vendor acted and the service has not committed it yet. */
  checkpoint?: PaymentCheckpointHook;
}

/** The adapters' breakers keep timers and their agents keep sockets: close them with the app. */
class AdaptersLifecycle implements OnApplicationShutdown {
  constructor(
    @Inject(TaxEngineAxiosAdapter) private readonly tax: TaxEngineAxiosAdapter,
    @Inject(PaymentsAxiosAdapter) private readonly processor: PaymentsAxiosAdapter,
  ) {}

  onApplicationShutdown(): void {
    this.tax.close();
    this.processor.close();
  }
}

/**
 * Dunning's due attempts run beside the consumers, from the moment the app is up until it stops:
 * `stop` waits for the attempt in progress, so a SIGTERM never cuts one in half.
 */
class DunningLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(@Inject(DunningRunner) private readonly runner: DunningRunner) {}

  onApplicationBootstrap(): void {
    this.runner.start();
  }

  onApplicationShutdown(): Promise<void> {
    return this.runner.stop();
  }
}

/** What both flows are built from, in their factories' parameter order. */
const FLOW_DEPS = [
  PaymentRepository,
  SagaCommitter,
  SagaLedger,
  VendorCallRecorder,
  TaxEngineAxiosAdapter,
  PaymentsAxiosAdapter,
];

/** Where the adapters log their breakers' transitions. */
const vendorLog = (level: LogLevel | undefined) =>
  createLogger({ name: 'payments.vendors', level: level ?? loadServiceConfig().logLevel });

@Module({})
export class PaymentsModule {
  static forRoot(options: PaymentsModuleOptions): DynamicModule {
    const { clock, checkpoint } = options;
    const dunning = new DunningLedger(options.dunning);
    return {
      module: PaymentsModule,
      imports: [
        BackboneModule.forRoot({
          service: SERVICE,
          consumes: [Topics.Payments],
          // Outcomes on the payment topic; a suspension request to the BSS on the lifecycle topic.
          produces: [Topics.Payments, Topics.SubscriberLifecycle],
          vendors: ['tax-engine', 'payment-processor'],
          logLevel: options.logLevel,
        }),
        HealthModule.forRoot({ serveOn: options.health }),
      ],
      controllers: [PaymentHandlers],
      providers: [
        {
          provide: TaxEngineAxiosAdapter,
          useFactory: () => new TaxEngineAxiosAdapter(options.tax, vendorLog(options.logLevel)),
        },
        {
          provide: PaymentsAxiosAdapter,
          useFactory: () => new PaymentsAxiosAdapter(options.payments, vendorLog(options.logLevel)),
        },
        AdaptersLifecycle,
        {
          provide: DunningRunner,
          inject: [HANDOFF_DATA_SOURCE, PaymentRequestFlow],
          useFactory: (ds: DataSource, flow: PaymentRequestFlow) =>
            new DunningRunner(
              ds,
              options.dunning,
              clock,
              flow.performDueAttempt,
              createLogger({
                name: 'payments.dunning',
                level: options.logLevel ?? loadServiceConfig().logLevel,
              }),
            ),
        },
        DunningLifecycle,
        PaymentRepository,
        RefundRepository,
        {
          provide: SagaCommitter,
          inject: [HANDOFF_DATA_SOURCE, Backbone],
          useFactory: (ds: DataSource, backbone: Backbone) =>
            new SagaCommitter(
              ds,
              backbone,
              createLogger({
                name: 'payments.saga',
                level: options.logLevel ?? loadServiceConfig().logLevel,
              }),
            ),
        },
        {
          provide: SagaLedger,
          inject: [OWNERSHIP_MATRIX],
          useFactory: (matrix: OwnershipMatrix) =>
            new SagaLedger(
              `handoff/${SERVICE}`,
              (id) => matrix.integrationPoint(id)?.responsibleTeam ?? 'unowned',
            ),
        },
        {
          provide: VendorCallRecorder,
          inject: [SagaCommitter, SagaLedger],
          useFactory: (committer: SagaCommitter, ledger: SagaLedger) =>
            new VendorCallRecorder(committer, ledger),
        },
        {
          provide: PaymentRequestFlow,
          inject: FLOW_DEPS,
          useFactory: (
            repository: PaymentRepository,
            committer: SagaCommitter,
            ledger: SagaLedger,
            calls: VendorCallRecorder,
            tax: TaxEngineAxiosAdapter,
            payments: PaymentsAxiosAdapter,
          ) =>
            new PaymentRequestFlow({
              repository,
              committer,
              ledger,
              calls,
              tax,
              payments,
              dunning,
              clock,
              checkpoint,
            }),
        },
        {
          provide: RefundFlow,
          inject: [...FLOW_DEPS, RefundRepository],
          useFactory: (
            payments: PaymentRepository,
            committer: SagaCommitter,
            ledger: SagaLedger,
            calls: VendorCallRecorder,
            tax: TaxEngineAxiosAdapter,
            processor: PaymentsAxiosAdapter,
            refunds: RefundRepository,
          ) =>
            new RefundFlow({
              payments,
              refunds,
              committer,
              ledger,
              calls,
              tax,
              processor,
              clock,
              checkpoint,
            }),
        },
      ],
    };
  }
}
