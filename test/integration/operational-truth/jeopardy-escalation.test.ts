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
});
