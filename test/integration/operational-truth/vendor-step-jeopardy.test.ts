import { randomUUID } from 'node:crypto';
import { EventTypes, type JeopardyRaised } from '@handoff/contracts';
import { Topics, type Backbone, type EventEnvelope } from '@handoff/messaging';
import { loadOwnershipMatrix } from '@handoff/ownership';
import type { DataSource } from 'typeorm';
import { TopicTap } from '../../support/backbone-harness';
import {
  alertsBackbone,
  incidentAlerts,
  SteppedClock,
  testWatcher,
} from '../../support/operational-truth';
import { insertActivation } from '../../support/scripted-activations';
import { migratedDatabase, waitFor, type TestDatabase } from '../../support/test-infra';

const matrix = loadOwnershipMatrix();

/**
 * Jeopardy beyond the MNO: an activation waiting at its tax steps (held for its tax, here) or its
 * payment steps past that operation's `dueWithin` in ownership.yaml pages the tax engine's or the
 * payment processor's owner, and clears once the activation moves on.
 */
describe("jeopardy for activations waiting at the tax engine's and the processor's steps (PostgreSQL, Kafka)", () => {
  let test: TestDatabase;
  let db: DataSource;
  let backbone: Backbone;
  let tap: TopicTap;

  const jeopardyOf = (workRef: string) =>
    waitFor(`JeopardyRaised for ${workRef}`, () =>
      (tap.eventsOfType(EventTypes.JeopardyRaised) as EventEnvelope<JeopardyRaised>[]).find(
        (e) => e.data.workRef === workRef,
      ),
    );
  const waitingAt = async (step: string, state: string, reason?: string) => {
    const id = `act-${randomUUID()}`;
    await insertActivation(db, {
      id,
      channel: 'bss',
      state,
      step,
      reason,
      requested: new Date().toISOString(),
    });
    return id;
  };
  const moveOn = (id: string, step: string) =>
    db.query(`UPDATE activations SET step = $2, state = 'inProgress' WHERE activation_id = $1`, [
      id,
      step,
    ]);
  const jeopardies = (id: string) =>
    db.query<{ cleared_at: Date | null }[]>(
      'SELECT cleared_at FROM ops_jeopardies WHERE work_ref = $1',
      [id],
    );

  beforeAll(async () => {
    test = await migratedDatabase('vendor_step_jeopardy');
    db = test.dataSource;
    backbone = alertsBackbone(db, matrix);
    tap = await TopicTap.open(Topics.OpsAlerts, { fromNow: true });
  });

  afterAll(async () => {
    await tap?.close();
    await backbone?.close();
    await test?.close();
  });

  it('pages Billing Ops for an activation held at its tax quote past 15m, and clears once it moves on', async () => {
    const clock = new SteppedClock();
    const watcher = testWatcher(db, matrix, backbone, clock);
    const held = await waitingAt('taxQuote', 'held', 'TAX_JURISDICTION_UNRESOLVED');

    clock.at(14);
    await watcher.tick();
    expect(await jeopardies(held)).toHaveLength(0);

    clock.at(16);
    await watcher.tick();
    const raised = await jeopardyOf(held);
    expect(raised.data).toMatchObject({
      integrationPoint: 'handoff-to-tax-engine',
      operation: 'activationTax',
      ownerTeam: 'billing-ops',
      accountable: 'Daniel Okafor',
    });
    expect(raised.data.dueAt - raised.data.openedAt).toBe(15 * 60_000);

    await moveOn(held, 'paymentAuthorization');
    clock.at(17);
    await watcher.tick();
    const alerts = await incidentAlerts(tap, raised.data.incidentId, 4);
    expect(alerts.map((e) => e.type.split('.').pop())).toEqual([
      'JeopardyRaised',
      'EscalationRaised',
      'JeopardyCleared',
      'EscalationResolved',
    ]);
    expect((await jeopardies(held))[0].cleared_at).not.toBeNull();
  });

  it('pages Payments for an activation waiting at its payment authorisation past 10m, and clears once it completes', async () => {
    const clock = new SteppedClock();
    const watcher = testWatcher(db, matrix, backbone, clock);
    const waiting = await waitingAt('paymentAuthorization', 'inProgress');

    clock.at(9);
    await watcher.tick();
    expect(await jeopardies(waiting)).toHaveLength(0);

    clock.at(11);
    await watcher.tick();
    const raised = await jeopardyOf(waiting);
    expect(raised.data).toMatchObject({
      integrationPoint: 'handoff-to-payment-processor',
      operation: 'activationPayment',
      ownerTeam: 'payments',
    });

    await db.query(
      `UPDATE activations SET step = 'completed', state = 'completed' WHERE activation_id = $1`,
      [waiting],
    );
    clock.at(12);
    await watcher.tick();
    await waitFor('the jeopardy cleared', async () => (await jeopardies(waiting))[0].cleared_at);
  });
});
