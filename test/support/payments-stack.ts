import type { INestMicroservice } from '@nestjs/common';
import { DeadLetterOps } from '@handoff/dead-letters';
import { loadDunningConfig } from '@handoff/dunning';
import { connectTopicAdmin, groupTopicSpecs, type Backbone } from '@handoff/messaging';
import { loadOwnershipMatrix } from '@handoff/ownership';
import { loadPaymentsConfig } from '@handoff/payments';
import { createDataSource } from '@handoff/persistence';
import { loadTaxEngineConfig } from '@handoff/tax-engine';
import type { DataSource } from 'typeorm';
import { startPayments } from '../../apps/payments/src/start-payments';
import { startVendorSimulators } from '../../apps/vendor-simulators/src/start-vendor-simulators';
import { testBackbone } from './backbone-harness';
import { MoneySimulators } from './money-simulators-client';
import { infra, uniqueName } from './test-infra';

type Simulators = Awaited<ReturnType<typeof startVendorSimulators>>;

export interface PaymentsStack {
  service: INestMicroservice;
  /** Another instance of the service in the same group, against the same simulators. */
  startInstance(): Promise<INestMicroservice>;
  groupId: string;
  retryDelaysMs: readonly number[];
  simulators: Simulators;
  /** The payment processor and the tax engine, read over HTTP. */
  money: MoneySimulators;
  db: DataSource;
  /** Publishes as the BSS does. */
  bss: Backbone;
  deadLetters: DeadLetterOps;
  close(): Promise<void>;
}

/** A consumer group of one test, its retry and dead-letter topics created. */
export async function paymentsGroup(retryDelaysMs: readonly number[]): Promise<string> {
  const groupId = uniqueName('payments');
  const admin = await connectTopicAdmin(infra.kafka);
  await admin.ensureTopics(groupTopicSpecs(groupId, retryDelaysMs));
  await admin.close();
  return groupId;
}

/** The environment that points a payments process at the simulators (`fixtures/payments-worker.ts`). */
export function paymentsEnv(money: MoneySimulators): Record<string, string> {
  return {
    TAX_BASE_URL: money.taxBaseUrl,
    PAYMENT_BASE_URL: money.paymentBaseUrl,
    PAYMENT_RETRY_ATTEMPTS: '2',
    PAYMENT_RETRY_DEADLINE_MS: '1500',
    PAYMENT_BREAKER_RESET_TIMEOUT_MS: '1000',
    // A capture failing through every retry tier stays below it: the retry path is what is tested.
    PAYMENT_BREAKER_VOLUME_THRESHOLD: '20',
    TAX_RETRY_DEADLINE_MS: '1500',
  };
}

/**
 * The tax engine and processor simulators on free ports, the payments service in a consumer group
 * of this test alone (in this process; dunning configured by `dunningEnv`, e.g. a scaled clock), a
 * database connection, a BSS publisher and the dead-letter tooling of the group.
 */
export async function startPaymentsStack(
  retryDelaysMs: readonly number[],
  dunningEnv: Record<string, string> = {},
): Promise<PaymentsStack> {
  const simulators = await startVendorSimulators({ port: 0, logLevel: 'silent' });
  const money = new MoneySimulators(simulators.payment.url, simulators.tax.url);
  const groupId = await paymentsGroup(retryDelaysMs);
  const env = { ...paymentsEnv(money), ...dunningEnv };
  const instances: INestMicroservice[] = [];
  const startInstance = async () => {
    const instance = await startPayments({
      groupId,
      retryDelaysMs,
      logLevel: 'silent',
      tax: loadTaxEngineConfig(env),
      payments: loadPaymentsConfig(env),
      dunning: loadDunningConfig(env),
    });
    instances.push(instance);
    return instance;
  };
  const service = await startInstance();
  const db = await createDataSource(infra.databaseUrl).initialize();
  const bss = testBackbone(db);
  const deadLetters = new DeadLetterOps({
    backbone: bss,
    dataSource: db,
    ownership: loadOwnershipMatrix(),
    groups: [{ groupId, retryDelaysMs }],
  });
  return {
    service,
    startInstance,
    groupId,
    retryDelaysMs,
    simulators,
    money,
    db,
    bss,
    deadLetters,
    close: async () => {
      await money.clearPaymentFaults().catch(() => undefined);
      await money.clearTaxFaults().catch(() => undefined);
      for (const instance of instances) await instance.close();
      await bss.close();
      await db.destroy();
      await simulators.close();
    },
  };
}
