import { loadInfraConfig, type KafkaConnection } from '@handoff/config';
import type { Backbone } from '@handoff/messaging';
import { createDataSource } from '@handoff/persistence';
import type { DataSource } from 'typeorm';
import { startVendorSimulators } from '../../apps/vendor-simulators/src/start-vendor-simulators';
import { testBackbone } from '../../test/support/backbone-harness';
import { MnoSimulatorAdmin } from '../../test/support/mno-simulator-client';
import { MoneySimulators } from '../../test/support/money-simulators-client';

/** What an activation bench runs against: the simulators in its process, the database, the BSS. */
export interface BenchStack {
  kafka: KafkaConnection;
  /** MNO_BASE_URL, TAX_BASE_URL and PAYMENT_BASE_URL of the simulators, for the orchestrator. */
  vendorUrls: Record<string, string>;
  db: DataSource;
  /** Publishes the requests as the BSS would. */
  bss: Backbone;
  close(): Promise<void>;
}

/** Starts the three simulators (the MNO completing orders after `mnoDelayMs`) and connects. */
export async function startBenchStack(mnoDelayMs: number): Promise<BenchStack> {
  const infra = loadInfraConfig();
  const simulators = await startVendorSimulators({
    port: 0,
    completionDelayMs: mnoDelayMs,
    logLevel: 'silent',
  });
  const mno = new MnoSimulatorAdmin(simulators.url);
  const money = new MoneySimulators(simulators.payment.url, simulators.tax.url);
  const db = await createDataSource(infra.databaseUrl).initialize();
  const bss = testBackbone(db);
  return {
    kafka: infra.kafka,
    vendorUrls: {
      MNO_BASE_URL: mno.tmfBaseUrl,
      TAX_BASE_URL: money.taxBaseUrl,
      PAYMENT_BASE_URL: money.paymentBaseUrl,
    },
    db,
    bss,
    close: async () => {
      await bss.close();
      await db.destroy();
      await simulators.close();
    },
  };
}
