import { randomUUID } from 'node:crypto';
import { EventTypes, type EscalationRaised, type JeopardyRaised } from '@handoff/contracts';
import { Topics, type Backbone, type EventEnvelope } from '@handoff/messaging';
import { loadOwnershipMatrix } from '@handoff/ownership';
import { createDataSource } from '@handoff/persistence';
import type { DataSource } from 'typeorm';
import { TopicTap } from '../../support/backbone-harness';
import {
  alertsBackbone,
  completePlanChange,
  incidentAlerts,
  openPlanChange,
  SteppedClock,
  testWatcher,
  workRefOf,
} from '../../support/operational-truth';
import { insertActivation } from '../../support/scripted-activations';
import { migratedDatabase, waitFor, type TestDatabase } from '../../support/test-infra';

const matrix = loadOwnershipMatrix();
const typesOf = (events: EventEnvelope[]) => events.map((e) => e.type.split('.').pop());

async function jeopardyOf(tap: TopicTap, workRef: string): Promise<EventEnvelope<JeopardyRaised>> {
  return waitFor(`JeopardyRaised for ${workRef}`, () =>
    (tap.eventsOfType(EventTypes.JeopardyRaised) as EventEnvelope<JeopardyRaised>[]).find(
      (e) => e.data.workRef === workRef,
    ),
  );
}

/** An activation waiting at `step` since now, as the saga leaves it; its id. */
async function waitingAt(db: DataSource, step: string, state: string, reason?: string) {
  const id = `act-${randomUUID()}`;
  const requested = new Date().toISOString();
  await insertActivation(db, { id, channel: 'bss', state, step, reason, requested });
  return id;
}

const jeopardiesOf = (db: DataSource, workRef: string) =>
  db.query<{ cleared_at: Date | null }[]>(
    'SELECT cleared_at FROM ops_jeopardies WHERE work_ref = $1',
    [workRef],
  );

describe('jeopardy and escalation (PostgreSQL, Kafka)', () => {
  let test: TestDatabase;
  let db: DataSource;
  let backbone: Backbone;
  let tap: TopicTap;

  beforeAll(async () => {
    test = await migratedDatabase('jeopardy');
    db = test.dataSource;
    backbone = alertsBackbone(db, matrix);
    tap = await TopicTap.open(Topics.OpsAlerts, { fromNow: true });
  });

  afterAll(async () => {
    await tap?.close();
    await backbone?.close();
    await test?.close();
  });

  it('raises a jeopardy naming the owner for a plan change open past its 10m, walks the MNO chain by the clock and resolves once it completes', async () => {
    const clock = new SteppedClock();
    const watcher = testWatcher(db, matrix, backbone, clock);
    const request = await openPlanChange(db);

    clock.at(9);
    await watcher.tick();
    const early = await db.query<unknown[]>('SELECT 1 FROM ops_jeopardies');
    expect(early).toHaveLength(0);

    clock.at(11);
    await watcher.tick();
    const raised = await jeopardyOf(tap, workRefOf(request));
    expect(raised.data).toMatchObject({
      integrationPoint: 'handoff-to-mno',
      operation: 'planChange',
      subjectId: request.subscriberId,
      correlationId: request.correlationId,
      ownerTeam: 'network-ops',
      ownerTeamName: 'Network Operations',
      accountable: 'Marcus Oyelaran',
    });
    expect(raised.data.dueAt - raised.data.openedAt).toBe(10 * 60_000);
    expect(raised.integrationPoint).toBe('handoff-to-mno');
    const incidentId = raised.data.incidentId;

    for (const minutes of [11 + 15, 11 + 30, 11 + 35]) {
      clock.at(minutes);
      await watcher.tick();
    }
    await completePlanChange(db, request);
    clock.at(11 + 36);
    await watcher.tick();

    const alerts = await incidentAlerts(tap, incidentId, 6);
    expect(typesOf(alerts)).toEqual([
      'JeopardyRaised',
      'EscalationRaised',
      'EscalationRaised',
      'EscalationRaised',
      'JeopardyCleared',
      'EscalationResolved',
    ]);
    const levels = alerts
      .filter((e) => e.type === EventTypes.EscalationRaised)
      .map((e) => e.data as EscalationRaised);
    expect(levels.map((l) => [l.level, l.who, l.contact])).toEqual([
      [1, 'Network Ops on-call engineer', 'pagerduty:network-ops'],
      [2, 'Network Ops duty manager', 'pagerduty:network-ops-escalation'],
      [3, 'MNO wholesale NOC', 'ticket:mno-wholesale-noc'],
    ]);
    expect(levels[1].summary).toBe(
      'handoff-to-mno planChange: 1 open past their due time, for 15m; owner Network Operations',
    );
    expect(alerts[5].data).toMatchObject({ levelsRaised: 3, incidentKind: 'jeopardy' });

    // Resolved: a later round at the time the last level would be due pages no one.
    clock.at(11 + 61);
    await watcher.tick();
    const [incident] = await db.query<{ resolved_at: Date | null }[]>(
      'SELECT resolved_at FROM ops_incidents WHERE incident_id = $1',
      [incidentId],
    );
    expect(incident.resolved_at).not.toBeNull();
    const escalations = await db.query<unknown[]>(
      'SELECT level FROM ops_escalations WHERE incident_id = $1',
      [incidentId],
    );
    expect(escalations).toHaveLength(3);
  });

  it('never raises a jeopardy or pages a level twice with two watchers running at once', async () => {
    const clock = new SteppedClock();
    // A second instance: its own connection pool and its own outbox relay.
    const second = await createDataSource(test.scratch.url).initialize();
    const secondBackbone = alertsBackbone(second, matrix);
    try {
      const watchers = [
        testWatcher(db, matrix, backbone, clock),
        testWatcher(second, matrix, secondBackbone, clock),
      ];
      const requests = [await openPlanChange(db), await openPlanChange(db)];
      const together = () => Promise.all(watchers.flatMap((w) => [w.tick(), w.tick()]));

      for (const minutes of [11, 20, 26, 41, 50, 71]) {
        clock.at(minutes);
        await together();
      }
      for (const request of requests) await completePlanChange(db, request);
      clock.at(72);
      await together();

      const raised = await jeopardyOf(tap, workRefOf(requests[0]));
      const incidentId = raised.data.incidentId;
      // 2 jeopardies, 4 levels (0m, 15m, 30m, 1h), 2 cleared, 1 resolved.
      const alerts = await incidentAlerts(tap, incidentId, 9);
      await tap.caughtUp();
      const all = tap.eventsKeyed(incidentId);
      expect(typesOf(all).sort()).toEqual(
        [
          ...Array<string>(2).fill('JeopardyRaised'),
          ...Array<string>(4).fill('EscalationRaised'),
          ...Array<string>(2).fill('JeopardyCleared'),
          'EscalationResolved',
        ].sort(),
      );
      expect(
        all
          .filter((e) => e.type === EventTypes.EscalationRaised)
          .map((e) => (e.data as EscalationRaised).level)
          .sort(),
      ).toEqual([1, 2, 3, 4]);
      expect(new Set(alerts.map((e) => e.id)).size).toBe(alerts.length);
      const rows = await db.query<{ n: number }[]>(
        'SELECT count(*)::int AS n FROM ops_jeopardies WHERE incident_id = $1',
        [incidentId],
      );
      expect(rows[0].n).toBe(2);
    } finally {
      await secondBackbone.close();
      await second.destroy();
    }
  });

  it('pages Billing Ops for an activation held at its tax quote past 15m, and clears once it moves on', async () => {
    const clock = new SteppedClock();
    const watcher = testWatcher(db, matrix, backbone, clock);
    const held = await waitingAt(db, 'taxQuote', 'held', 'TAX_JURISDICTION_UNRESOLVED');

    clock.at(14);
    await watcher.tick();
    expect(await jeopardiesOf(db, held)).toHaveLength(0);

    clock.at(16);
    await watcher.tick();
    const raised = await jeopardyOf(tap, held);
    expect(raised.data).toMatchObject({
      integrationPoint: 'handoff-to-tax-engine',
      operation: 'activationTax',
      ownerTeam: 'billing-ops',
      accountable: 'Daniel Okafor',
    });
    expect(raised.data.dueAt - raised.data.openedAt).toBe(15 * 60_000);

    // It moves on: tax settled, now at the payment authorisation.
    await db.query(
      `UPDATE activations SET step = 'paymentAuthorization', state = 'inProgress' WHERE activation_id = $1`,
      [held],
    );
    clock.at(17);
    await watcher.tick();
    const alerts = await incidentAlerts(tap, raised.data.incidentId, 4);
    expect(alerts.map((e) => e.type.split('.').pop())).toEqual([
      'JeopardyRaised',
      'EscalationRaised',
      'JeopardyCleared',
      'EscalationResolved',
    ]);
    expect((await jeopardiesOf(db, held))[0].cleared_at).not.toBeNull();
  });

  it('pages Payments for an activation waiting at its payment authorisation past 10m, and clears once it completes', async () => {
    const clock = new SteppedClock();
    const watcher = testWatcher(db, matrix, backbone, clock);
    const waiting = await waitingAt(db, 'paymentAuthorization', 'inProgress');

    clock.at(9);
    await watcher.tick();
    expect(await jeopardiesOf(db, waiting)).toHaveLength(0);

    clock.at(11);
    await watcher.tick();
    const raised = await jeopardyOf(tap, waiting);
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
    await waitFor(
      'the jeopardy cleared',
      async () => (await jeopardiesOf(db, waiting))[0].cleared_at,
    );
  });
});
