import type { INestMicroservice } from '@nestjs/common';
import { DeadLetterOps } from '@handoff/dead-letters';
import { connectTopicAdmin, groupTopicSpecs, type Backbone } from '@handoff/messaging';
import { loadMnoConfig } from '@handoff/mno-provisioning';
import { loadOwnershipMatrix } from '@handoff/ownership';
import { createDataSource } from '@handoff/persistence';
import type { DataSource } from 'typeorm';
import { startOrchestrator } from '../../../apps/orchestrator/src/start-orchestrator';
import { startVendorSimulators } from '../../../apps/vendor-simulators/src/start-vendor-simulators';
import { bssActivation, newIccid } from '../../support/activation-requests';
import { testBackbone } from '../../support/backbone-harness';
import { MnoSimulatorAdmin } from '../../support/mno-simulator-client';
import { infra, uniqueName, waitFor } from '../../support/test-infra';

const RETRY_DELAYS_MS = [200, 400, 800];

describe('MNO outage, held activations and replay (real Kafka, PostgreSQL, HTTP)', () => {
  let simulator: { url: string; close(): Promise<void> };
  let mno: MnoSimulatorAdmin;
  let orchestrator: INestMicroservice;
  let db: DataSource;
  let bss: Backbone;
  let ops: DeadLetterOps;
  const groupId = uniqueName('orchestrator-outage');

  beforeAll(async () => {
    simulator = await startVendorSimulators({
      port: 0,
      completionDelayMs: 100,
      logLevel: 'silent',
    });
    mno = new MnoSimulatorAdmin(simulator.url);
    const admin = await connectTopicAdmin(infra.kafkaBrokers);
    await admin.ensureTopics(groupTopicSpecs(groupId, RETRY_DELAYS_MS));
    await admin.close();
    orchestrator = await startOrchestrator({
      groupId,
      retryDelaysMs: RETRY_DELAYS_MS,
      logLevel: 'silent',
      mno: loadMnoConfig({
        MNO_BASE_URL: mno.tmfBaseUrl,
        MNO_CALL_TIMEOUT_MS: '400',
        MNO_RETRY_ATTEMPTS: '2',
        MNO_RETRY_DEADLINE_MS: '1000',
        MNO_BREAKER_RESET_TIMEOUT_MS: '500',
        MNO_BREAKER_VOLUME_THRESHOLD: '3',
      }),
    });
    db = await createDataSource(infra.databaseUrl).initialize();
    bss = testBackbone(db);
    ops = new DeadLetterOps({
      backbone: bss,
      dataSource: db,
      ownership: loadOwnershipMatrix(),
      groups: [{ groupId, retryDelaysMs: RETRY_DELAYS_MS }],
    });
  });

  afterAll(async () => {
    await mno?.clearFaults();
    await orchestrator?.close();
    await bss?.close();
    await db?.destroy();
    await simulator?.close();
  });

  const states = async (ids: string[]) =>
    db.query<{ activation_id: string; state: string }[]>(
      'SELECT activation_id, state FROM activations WHERE activation_id = ANY($1)',
      [ids],
    );
  // The group reads the lifecycle topic from its start, so other tests' events pass through it too:
  // only the dead letters of this test's own events count.
  const ours = new Set<string>();
  const openDeadLetters = async () =>
    (await ops.list({ group: groupId, status: 'open' })).items.filter((d) =>
      ours.has(d.eventId ?? ''),
    );

  it('holds activations while the breaker is open, and after recovery and replay activates each exactly once', async () => {
    await mno.setFaults({ endpoint: 'createOrder', malformedRate: 1 });
    const garbled = [1, 2, 3].map(() => bssActivation(newIccid()));
    garbled.forEach((e) => ours.add(e.id));
    await bss.publishNow(garbled);
    await waitFor('three dead letters', async () => (await openDeadLetters()).length >= 3, 60_000);
    const deadLetters = await openDeadLetters();
    expect(deadLetters.map((d) => d.owner)).toEqual(
      Array(3).fill({ team: 'network-ops', integrationPoint: 'handoff-to-mno' }),
    );

    await mno.clearFaults();
    await mno.setFaults({ endpoint: '*', outage: true });
    const during = [1, 2, 3, 4, 5, 6].map(() => bssActivation(newIccid()));
    await bss.publishNow(during);
    const duringIds = during.map((e) => e.data.activationId);
    await waitFor(
      'activations held by the open breaker',
      async () => (await states(duringIds)).some((s) => s.state === 'held'),
      60_000,
    );

    await mno.clearFaults();
    await waitFor(
      'the held activations to complete',
      async () => {
        const rows = await states(duringIds);
        return rows.length === during.length && rows.every((s) => s.state === 'completed');
      },
      90_000,
    );

    const report = await ops.replay({
      refs: deadLetters.map((d) => d.ref),
      reason: 'MNO recovered',
      operator: { operatorId: 'test-oncall' },
      settleMs: 500,
    });
    expect(report.counts.replayed).toBe(3);
    const garbledIds = garbled.map((e) => e.data.activationId);
    await waitFor(
      'the replayed activations to complete',
      async () => {
        const rows = await states(garbledIds);
        return rows.length === garbled.length && rows.every((s) => s.state === 'completed');
      },
      60_000,
    );

    for (const event of [...garbled, ...during]) {
      expect(await mno.provisioned(event.data.iccid)).toHaveLength(1);
      expect(await mno.ordersFor(event.data.activationId)).toHaveLength(1);
    }
    expect(await openDeadLetters()).toHaveLength(0);
  });
});
