import { Inject, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { SagaCommitter, SagaLedger, VendorCallRecorder } from '@handoff/activation-saga';
import type { DunningLedgerPort } from '@handoff/dunning';
import { Backbone, Topics } from '@handoff/messaging';
import { BackboneModule, HANDOFF_DATA_SOURCE, OWNERSHIP_MATRIX } from '@handoff/messaging-nest';
import type { LogLevel } from '@handoff/observability';
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
  dunning: DunningLedgerPort;
  clock: () => number;
  logLevel?: LogLevel;
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

/** What both flows are built from, in their factories' parameter order. */
const FLOW_DEPS = [
  PaymentRepository,
  SagaCommitter,
  SagaLedger,
  VendorCallRecorder,
  TaxEngineAxiosAdapter,
  PaymentsAxiosAdapter,
];

@Module({})
export class PaymentsModule {
  static forRoot(options: PaymentsModuleOptions): DynamicModule {
    const { dunning, clock, checkpoint } = options;
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
      ],
      controllers: [PaymentHandlers],
      providers: [
        {
          provide: TaxEngineAxiosAdapter,
          useFactory: () => new TaxEngineAxiosAdapter(options.tax),
        },
        {
          provide: PaymentsAxiosAdapter,
          useFactory: () => new PaymentsAxiosAdapter(options.payments),
        },
        AdaptersLifecycle,
        PaymentRepository,
        RefundRepository,
        {
          provide: SagaCommitter,
          inject: [HANDOFF_DATA_SOURCE, Backbone],
          useFactory: (ds: DataSource, backbone: Backbone) => new SagaCommitter(ds, backbone),
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
