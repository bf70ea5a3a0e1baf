import { DeadLetterOps } from '@handoff/dead-letters';
import { loadOwnershipMatrix } from '@handoff/ownership';
import type { DataSource } from 'typeorm';
import { bssActivation, newIccid } from '../../support/activation-requests';
import { MnoSimulatorAdmin } from '../../support/mno-simulator-client';
import { startSagaStack, type SagaStack } from '../../support/saga-stack';
import { waitFor } from '../../support/test-infra';

const RETRY_DELAYS_MS = [200, 400, 800];

describe('MNO outage, held activations and replay (real Kafka, PostgreSQL, HTTP)', () => {
  let stack: SagaStack;
  let mno: MnoSimulatorAdmin;
  let db: DataSource;
  let ops: DeadLetterOps;
  let groupId: string;

  beforeAll(async () => {
    stack = await startSagaStack(RETRY_DELAYS_MS, 500);
    ({ mno, db, groupId } = stack);
    ops = new DeadLetterOps({
      backbone: stack.bss,
      dataSource: db,
      ownership: loadOwnershipMatrix(),
      groups: [{ groupId, retryDelaysMs: RETRY_DELAYS_MS }],
    });
  });

  afterAll(async () => {
    await stack?.close();
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
    await stack.bss.publishNow(garbled);
    await waitFor('three dead letters', async () => (await openDeadLetters()).length >= 3, 60_000);
    const deadLetters = await openDeadLetters();
    expect(deadLetters.map((d) => d.owner)).toEqual(
      Array(3).fill({ team: 'network-ops', integrationPoint: 'handoff-to-mno' }),
    );

    await mno.clearFaults();
    await mno.setFaults({ endpoint: '*', outage: true });
    const during = [1, 2, 3, 4, 5, 6].map(() => bssActivation(newIccid()));
    await stack.bss.publishNow(during);
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
