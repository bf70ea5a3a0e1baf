import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
  type Provider,
} from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { loadServiceConfig } from '@handoff/config';
import { Backbone } from '@handoff/messaging';
import { HANDOFF_DATA_SOURCE, OWNERSHIP_MATRIX } from '@handoff/messaging-nest';
import { loadMnoConfig, MnoProvisioningAxiosAdapter } from '@handoff/mno-provisioning';
import { createLogger } from '@handoff/observability';
import { OperationalTruthWatcher, type VendorProbe } from '@handoff/operational-truth';
import type { OwnershipMatrix } from '@handoff/ownership';
import { loadPaymentsConfig, PaymentsAxiosAdapter } from '@handoff/payments';
import { TaxEngineAxiosAdapter } from '@handoff/tax-engine';
import { OPEN_DEAD_LETTERS, type OpenDeadLetterReader } from './kpis/open-dead-letters';
import { loadOpsConfig } from './ops.config';
import { openDeadLetterFailures, warnUncoveredCategories } from './sla-coverage/sla-coverage';

/** The MNO and processor adapters the ops API holds only to probe them (tax has its own already). */
const MNO_PROBE = Symbol('MNO_PROBE');
const PAYMENTS_PROBE = Symbol('PAYMENTS_PROBE');

/**
 * The watcher runs in the ops API (decision 79): it needs the database, the outbox and the vendor
 * adapters, all already here, and it is ops tooling, so a bug or a slow round in it never delays
 * an activation the way it would inside the orchestrator's consumers.
 */
@Injectable()
export class OperationalTruthLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    @Inject(OperationalTruthWatcher) private readonly watcher: OperationalTruthWatcher,
    @Inject(MNO_PROBE) private readonly mno: MnoProvisioningAxiosAdapter,
    @Inject(PAYMENTS_PROBE) private readonly payments: PaymentsAxiosAdapter,
  ) {}

  onApplicationBootstrap(): void {
    const { watchIntervalMs } = loadOpsConfig();
    if (watchIntervalMs > 0) this.watcher.start(watchIntervalMs);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.watcher.stop();
    this.mno.close();
    this.payments.close();
  }
}

function watcher(
  dataSource: DataSource,
  matrix: OwnershipMatrix,
  backbone: Backbone,
  openDeadLetters: OpenDeadLetterReader,
  probes: Record<string, VendorProbe>,
): OperationalTruthWatcher {
  const log = createLogger({ name: 'ops.operational-truth', level: loadServiceConfig().logLevel });
  // Built once, at start-up: the moment to say which failures no SLA covers (decision 93).
  warnUncoveredCategories(matrix, log);
  return new OperationalTruthWatcher({
    dataSource,
    matrix,
    backbone,
    log: {
      info: (fields, message) => log.info(fields, message),
      warn: (fields, message) => log.warn(fields, message),
      error: (fields, message) => log.error(fields, message),
    },
    probes: new Map(Object.entries(probes)),
    probeAtMostEveryMs: loadOpsConfig().probeEveryMs,
    failures: openDeadLetterFailures(openDeadLetters),
  });
}

export const OPERATIONAL_TRUTH_PROVIDERS: Provider[] = [
  {
    provide: MNO_PROBE,
    useFactory: () => new MnoProvisioningAxiosAdapter(loadMnoConfig(process.env)),
  },
  {
    provide: PAYMENTS_PROBE,
    useFactory: () => new PaymentsAxiosAdapter(loadPaymentsConfig(process.env)),
  },
  {
    provide: OperationalTruthWatcher,
    inject: [
      HANDOFF_DATA_SOURCE,
      OWNERSHIP_MATRIX,
      Backbone,
      OPEN_DEAD_LETTERS,
      MNO_PROBE,
      PAYMENTS_PROBE,
      TaxEngineAxiosAdapter,
    ],
    useFactory: (
      dataSource: DataSource,
      matrix: OwnershipMatrix,
      backbone: Backbone,
      openDeadLetters: OpenDeadLetterReader,
      mno: MnoProvisioningAxiosAdapter,
      payments: PaymentsAxiosAdapter,
      tax: TaxEngineAxiosAdapter,
    ) =>
      watcher(dataSource, matrix, backbone, openDeadLetters, {
        mno,
        'payment-processor': payments,
        'tax-engine': tax,
      }),
  },
  OperationalTruthLifecycle,
];
