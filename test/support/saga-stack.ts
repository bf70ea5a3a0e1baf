import { createServer } from 'node:net';
import type { INestMicroservice } from '@nestjs/common';
import type { KafkaConnection } from '@handoff/config';
import { DeadLetterOps } from '@handoff/dead-letters';
import { connectTopicAdmin, groupTopicSpecs, Topics, type Backbone } from '@handoff/messaging';
import { loadMnoConfig } from '@handoff/mno-provisioning';
import { loadOwnershipMatrix } from '@handoff/ownership';
import { loadPaymentsConfig } from '@handoff/payments';
import { createDataSource } from '@handoff/persistence';
import type { PortInSecretSettings } from '@handoff/port-in-secrets';
import { loadTaxEngineConfig } from '@handoff/tax-engine';
import type { DataSource } from 'typeorm';
import {
  startOrchestrator,
  type OrchestratorStartOptions,
} from '../../apps/orchestrator/src/start-orchestrator';
import { startVendorSimulators } from '../../apps/vendor-simulators/src/start-vendor-simulators';
import { testBackbone, TopicTap } from './backbone-harness';
import { MnoSimulatorAdmin } from './mno-simulator-client';
import { MoneySimulators } from './money-simulators-client';
import { infra, uniqueName, waitFor } from './test-infra';

/**
 * Holds lapsing within this are renewed: above the test retry delays (a waiting activation is looked
 * at again within one), far below the simulator's default authorization lifetime, so only a test
 * that shortens that lifetime sees a renewal.
 */
export const AUTHORIZATION_RENEW_MARGIN_MS = 2_500;

export interface SagaStack {
  groupId: string;
  mno: MnoSimulatorAdmin;
  /** The payment processor and the tax engine, read over HTTP. */
  money: MoneySimulators;
  db: DataSource;
  /** Publishes as the BSS does. */
  bss: Backbone;
  /** The orchestrator's HTTP port, where the MNO hub's callbacks arrive. */
  orchestratorUrl: string;
  close(): Promise<void>;
}

/**
 * The MNO simulator on a free port, the orchestrator in a consumer group of this test alone (with
 * its retry topics), a database connection and a BSS publisher. The breaker trips and resets fast
 * so outage tests take seconds. The orchestrator reaches Kafka as a deployed one does, through the
 * KAFKA_* environment; `kafka` is what the harness's own clients use, and must name the same cluster.
 */
export async function startSagaStack(
  retryDelaysMs: readonly number[],
  breakerResetMs: number,
  portInSecrets?: PortInSecretSettings,
  kafka: KafkaConnection = infra.kafka,
  orchestratorOptions: Pick<
    OrchestratorStartOptions,
    'portInWaitLimitMs' | 'simInventory' | 'portOutPollIntervalMs'
  > = {},
): Promise<SagaStack> {
  const simulator = await startVendorSimulators({
    port: 0,
    completionDelayMs: 150,
    logLevel: 'silent',
  });
  const mno = new MnoSimulatorAdmin(simulator.url);
  const money = new MoneySimulators(simulator.payment.url, simulator.tax.url);
  const groupId = uniqueName('orchestrator');
  const admin = await connectTopicAdmin(kafka);
  await admin.ensureTopics(groupTopicSpecs(groupId, retryDelaysMs));
  await admin.close();
  const httpPort = await freePort();
  const orchestrator: INestMicroservice = await startOrchestrator({
    groupId,
    http: { port: httpPort, host: '127.0.0.1' },
    ...orchestratorOptions,
    retryDelaysMs,
    portInSecrets,
    authorizationRenewMarginMs: AUTHORIZATION_RENEW_MARGIN_MS,
    logLevel: 'silent',
    mno: loadMnoConfig({
      MNO_BASE_URL: mno.tmfBaseUrl,
      MNO_CALL_TIMEOUT_MS: '400',
      MNO_RETRY_ATTEMPTS: '2',
      MNO_RETRY_DEADLINE_MS: '1500',
      MNO_BREAKER_RESET_TIMEOUT_MS: String(breakerResetMs),
      MNO_BREAKER_VOLUME_THRESHOLD: '3',
    }),
    tax: loadTaxEngineConfig({
      TAX_BASE_URL: money.taxBaseUrl,
      TAX_RETRY_DEADLINE_MS: '1500',
      TAX_BREAKER_RESET_TIMEOUT_MS: String(breakerResetMs),
    }),
    payments: loadPaymentsConfig({
      PAYMENT_BASE_URL: money.paymentBaseUrl,
      PAYMENT_RETRY_ATTEMPTS: '2',
      PAYMENT_RETRY_DEADLINE_MS: '1500',
      PAYMENT_BREAKER_RESET_TIMEOUT_MS: String(breakerResetMs),
      // A capture failing through every retry tier stays below it: the retry path is what is tested.
      PAYMENT_BREAKER_VOLUME_THRESHOLD: '20',
    }),
  });
  const db = await createDataSource(infra.databaseUrl).initialize();
  const bss = testBackbone(db, { kafka });
  return {
    groupId,
    mno,
    money,
    db,
    bss,
    orchestratorUrl: `http://127.0.0.1:${httpPort}`,
    close: async () => {
      await mno.clearFaults().catch(() => undefined);
      await money.clearPaymentFaults().catch(() => undefined);
      await orchestrator.close();
      await bss.close();
      await db.destroy();
      await simulator.close();
    },
  };
}

export interface SagaSuite {
  stack: SagaStack;
  /** The lifecycle topic from the suite's start on. */
  lifecycle: TopicTap;
}

/**
 * For a describe block: one saga stack and a tap on the lifecycle topic for all its tests, the MNO's
 * and the processor's faults cleared after each. The fields are set once the suite's `beforeAll` has run.
 */
export function sagaSuite(
  retryDelaysMs: readonly number[],
  breakerResetMs: number,
  orchestratorOptions: Pick<
    OrchestratorStartOptions,
    'portInWaitLimitMs' | 'simInventory' | 'portOutPollIntervalMs'
  > = {},
): SagaSuite {
  const suite = {} as SagaSuite;
  beforeAll(async () => {
    suite.stack = await startSagaStack(
      retryDelaysMs,
      breakerResetMs,
      undefined,
      infra.kafka,
      orchestratorOptions,
    );
    suite.lifecycle = await TopicTap.open(Topics.SubscriberLifecycle, { fromNow: true });
  });
  afterAll(async () => {
    await suite.lifecycle?.close();
    await suite.stack?.close();
  });
  afterEach(async () => {
    await suite.stack?.mno.clearFaults();
    await suite.stack?.money.clearPaymentFaults();
  });
  return suite;
}

/** The open dead letter of the orchestrator's record `eventId`, once the consumer parked it. */
export function openDeadLetterOf(ops: DeadLetterOps, groupId: string, eventId: string) {
  return waitFor(`the dead letter of ${eventId}`, async () =>
    (await ops.list({ group: groupId, status: 'open' })).items.find((d) => d.eventId === eventId),
  );
}

/**
 * On-call's forced replay (`--force`) of the orchestrator's dead letter of `eventId`, once it is
 * there: the results, e.g. `refused` for a record whose card number was redacted.
 */
export async function forceReplayOf(
  stack: Pick<SagaStack, 'bss' | 'db' | 'groupId'>,
  retryDelaysMs: readonly number[],
  eventId: string,
) {
  const ops = new DeadLetterOps({
    backbone: stack.bss,
    dataSource: stack.db,
    ownership: loadOwnershipMatrix(),
    groups: [{ groupId: stack.groupId, retryDelaysMs }],
  });
  const letter = await openDeadLetterOf(ops, stack.groupId, eventId);
  const { results } = await ops.replay({
    refs: [letter.ref],
    reason: 'try it anyway',
    operator: { operatorId: 'test' },
    force: true,
  });
  return results;
}

/** A port free right now, for a server whose address the test must know before it starts. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}
