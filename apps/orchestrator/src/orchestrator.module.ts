import {
  Inject,
  Module,
  type DynamicModule,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import type { DataSource } from 'typeorm';
import {
  ActivationRepository,
  ActivationSaga,
  AuthorizationRenewal,
  ChargeSteps,
  LifecycleService,
  LineRepository,
  MoneyCompensation,
  ProvisioningStep,
  SettlementStep,
  SagaCommitter,
  SagaLedger,
} from '@handoff/activation-saga';
import { HealthModule } from '@handoff/health';
import { Backbone, Topics } from '@handoff/messaging';
import { BackboneModule, HANDOFF_DATA_SOURCE, OWNERSHIP_MATRIX } from '@handoff/messaging-nest';
import {
  MnoProvisioningAxiosAdapter,
  type MnoProvisioningPort,
  type MnoSettings,
} from '@handoff/mno-provisioning';
import { createLogger, type LogLevel } from '@handoff/observability';
import type { OwnershipMatrix } from '@handoff/ownership';
import {
  PortInSecretStore,
  PortInSecretSweeper,
  type PortInSecretSettings,
} from '@handoff/port-in-secrets';
import { FulfilmentIntake, SimInventory, type SimInventorySettings } from '@handoff/sim-inventory';
import type { TaxEnginePort } from '@handoff/tax-engine';
import { FulfilmentHandlers } from './fulfilment.handlers';
import { portProviders, type PortOptions } from './hub/ports.providers';
import { LifecycleHandlers } from './lifecycle.handlers';
import { PortHandlers } from './port.handlers';
import { moneyProviders, TAX_PORT, type MoneyOptions } from './money.providers';

export const MNO_PORT = Symbol('MNO_PORT');
const SERVICE = 'orchestrator';

export interface OrchestratorModuleOptions {
  mno: MnoSettings;
  money: MoneyOptions;
  portInSecrets: PortInSecretSettings;
  simInventory: SimInventorySettings;
  ports: Omit<PortOptions, 'actor' | 'logLevel' | 'mnoBaseUrl'>;
  logLevel?: LogLevel;
}

/** The adapter's breakers keep timers and its agents keep sockets: close them with the app. */
class MnoAdapterLifecycle implements OnApplicationShutdown {
  constructor(
    @Inject(MnoProvisioningAxiosAdapter) private readonly adapter: MnoProvisioningAxiosAdapter,
  ) {}

  onApplicationShutdown(): void {
    this.adapter.close();
  }
}

/** Expired port-in secrets are deleted while the orchestrator runs (every instance may sweep). */
class SweeperLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(@Inject(PortInSecretSweeper) private readonly sweeper: PortInSecretSweeper) {}

  onApplicationBootstrap(): void {
    this.sweeper.start();
  }

  onApplicationShutdown(): Promise<void> {
    return this.sweeper.stop();
  }
}

@Module({})
export class OrchestratorModule {
  static forRoot(options: OrchestratorModuleOptions): DynamicModule {
    // Every vendor adapter logs its breakers' transitions here.
    const vendorLog = createLogger({ name: `${SERVICE}.vendors`, level: options.logLevel });
    return {
      module: OrchestratorModule,
      imports: [
        BackboneModule.forRoot({
          service: SERVICE,
          // The fulfilment topic: the partner's SIM batches in, IMSI mismatches out.
          consumes: [Topics.SubscriberLifecycle, Topics.Fulfilment],
          // The tax and payment topics: the money steps' outcomes, owned by each vendor's owner.
          produces: [Topics.SubscriberLifecycle, Topics.Tax, Topics.Payments, Topics.Fulfilment],
          vendors: ['mno', 'tax-engine', 'payment-processor'],
          logLevel: options.logLevel,
        }),
        // Served on the orchestrator's own HTTP port (hub/orchestrator-http.server.ts).
        HealthModule.forRoot(),
      ],
      controllers: [LifecycleHandlers, PortHandlers, FulfilmentHandlers],
      providers: [
        {
          provide: MnoProvisioningAxiosAdapter,
          useFactory: () => new MnoProvisioningAxiosAdapter(options.mno, vendorLog),
        },
        { provide: MNO_PORT, useExisting: MnoProvisioningAxiosAdapter },
        MnoAdapterLifecycle,
        ...moneyProviders({ ...options.money, vendorLog }),
        ActivationRepository,
        { provide: SimInventory, useValue: new SimInventory(options.simInventory) },
        {
          provide: FulfilmentIntake,
          useValue: new FulfilmentIntake(
            createLogger({ name: `${SERVICE}.fulfilment`, level: options.logLevel }),
          ),
        },
        {
          provide: PortInSecretStore,
          useValue: new PortInSecretStore(options.portInSecrets.ttlMs),
        },
        {
          provide: PortInSecretSweeper,
          inject: [HANDOFF_DATA_SOURCE, PortInSecretStore],
          useFactory: (dataSource: DataSource, store: PortInSecretStore) =>
            new PortInSecretSweeper(
              dataSource,
              store,
              options.portInSecrets.sweepIntervalMs,
              createLogger({ name: `${SERVICE}.port-in-secrets`, level: options.logLevel }),
            ),
        },
        SweeperLifecycle,
        {
          provide: SagaCommitter,
          inject: [HANDOFF_DATA_SOURCE, Backbone],
          useFactory: (ds: DataSource, backbone: Backbone) =>
            new SagaCommitter(
              ds,
              backbone,
              createLogger({ name: `${SERVICE}.saga`, level: options.logLevel }),
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
          provide: ProvisioningStep,
          inject: [
            ActivationRepository,
            SagaCommitter,
            MNO_PORT,
            SagaLedger,
            PortInSecretStore,
            MoneyCompensation,
            AuthorizationRenewal,
            SimInventory,
          ],
          useFactory: (
            repository: ActivationRepository,
            committer: SagaCommitter,
            mno: MnoProvisioningPort,
            ledger: SagaLedger,
            secrets: PortInSecretStore,
            compensation: MoneyCompensation,
            renewal: AuthorizationRenewal,
            sims: SimInventory,
          ) =>
            new ProvisioningStep(
              repository,
              committer,
              mno,
              ledger,
              secrets,
              compensation,
              renewal,
              options.mno.orderWaitLimitMs,
              sims,
            ),
        },
        {
          provide: ActivationSaga,
          inject: [
            ActivationRepository,
            SagaCommitter,
            ChargeSteps,
            ProvisioningStep,
            SettlementStep,
            TAX_PORT,
            SagaLedger,
            PortInSecretStore,
            SimInventory,
          ],
          useFactory: (
            repository: ActivationRepository,
            committer: SagaCommitter,
            charges: ChargeSteps,
            provisioning: ProvisioningStep,
            settlement: SettlementStep,
            tax: TaxEnginePort,
            ledger: SagaLedger,
            secrets: PortInSecretStore,
            sims: SimInventory,
          ) =>
            new ActivationSaga(
              repository,
              committer,
              { charges, provisioning, settlement },
              tax,
              ledger,
              secrets,
              sims,
            ),
        },
        {
          provide: LifecycleService,
          inject: [SagaCommitter, MNO_PORT, SagaLedger, SimInventory],
          useFactory: (
            committer: SagaCommitter,
            mno: MnoProvisioningPort,
            ledger: SagaLedger,
            sims: SimInventory,
          ) =>
            new LifecycleService(
              new LineRepository(),
              committer,
              mno,
              ledger,
              options.mno.orderWaitLimitMs,
              sims,
            ),
        },
        ...portProviders(
          {
            ...options.ports,
            mnoBaseUrl: options.mno.baseUrl,
            actor: SERVICE,
            logLevel: options.logLevel,
          },
          MNO_PORT,
        ),
      ],
    };
  }
}
