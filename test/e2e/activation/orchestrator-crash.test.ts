import { Topics, type Backbone } from '@handoff/messaging';
import { createDataSource } from '@handoff/persistence';
import type { DataSource } from 'typeorm';
import { startVendorSimulators } from '../../../apps/vendor-simulators/src/start-vendor-simulators';
import { bssActivation, newIccid } from '../../support/activation-requests';
import { testBackbone } from '../../support/backbone-harness';
import { killStrayChildren } from '../../support/child-process';
import { MnoSimulatorAdmin } from '../../support/mno-simulator-client';
import {
  startOrchestratorWorker,
  startReadyWorker,
  workerGroupEnv,
} from '../../support/orchestrator-workers';
import { infra, waitFor } from '../../support/test-infra';

const ACTIVATIONS = 120;
const RETRY_DELAYS_MS = [200, 400, 800, 1_500];

describe('orchestrator killed with many activations in flight (real processes, Kafka, PostgreSQL, HTTP)', () => {
  let simulator: Awaited<ReturnType<typeof startVendorSimulators>>;
  let mno: MnoSimulatorAdmin;
  let db: DataSource;
  let bss: Backbone;

  beforeAll(async () => {
    // A slow MNO keeps many orders open at once, so the kill lands mid-flight.
    simulator = await startVendorSimulators({
      port: 0,
      completionDelayMs: 400,
      logLevel: 'silent',
    });
    mno = new MnoSimulatorAdmin(simulator.url);
    db = await createDataSource(infra.databaseUrl).initialize();
    bss = testBackbone(db);
  });
  afterAll(async () => {
    await killStrayChildren();
    await bss?.close();
    await db?.destroy();
    await simulator?.close();
  });

  const completed = async (ids: string[]) => {
    const [row] = await db.query<{ n: string }[]>(
      "SELECT count(*) AS n FROM activations WHERE activation_id = ANY($1::text[]) AND state = 'completed'",
      [ids],
    );
    return Number(row.n);
  };

  it('provisions every line exactly once at the MNO after a SIGKILL and a restart', async () => {
    const env = {
      ...(await workerGroupEnv('orchestrator-crash', RETRY_DELAYS_MS, simulator)),
      CONSUMER_MAX_IN_FLIGHT: '100',
    };
    const requests = Array.from({ length: ACTIVATIONS }, () => bssActivation(newIccid()));
    const ids = requests.map((r) => r.data.activationId);
    const iccids = new Set(requests.map((r) => r.data.iccid));
    const ours = async () => (await mno.allProvisioned()).filter((l) => iccids.has(l.iccid));

    const first = await startReadyWorker(env);
    await bss.publishNow(requests.map((r) => ({ ...r, topic: Topics.SubscriberLifecycle })));
    await waitFor('some lines provisioned', async () => (await ours()).length >= 20, 60_000);
    first.child.kill('SIGKILL');
    expect((await first.exited).signal).toBe('SIGKILL');
    expect(await completed(ids)).toBeLessThan(ACTIVATIONS);

    const second = startOrchestratorWorker(env);
    await waitFor(
      'every activation completed',
      async () => (await completed(ids)) === ACTIVATIONS,
      120_000,
    );

    const lines = await ours();
    expect(lines).toHaveLength(ACTIVATIONS);
    expect(lines.filter((l) => l.duplicate)).toEqual([]);
    second.child.kill('SIGTERM');
    // Nest re-raises SIGTERM once its shutdown hooks have run: that is its clean exit.
    expect(await second.exited).toEqual({ code: null, signal: 'SIGTERM' });
  });
});
