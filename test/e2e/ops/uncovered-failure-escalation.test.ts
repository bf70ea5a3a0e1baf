import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { EventTypes, type EscalationRaised, type EscalationResolved } from '@handoff/contracts';
import { DeadLetterOps, type DeadLetter } from '@handoff/dead-letters';
import { CeHeaders, Topics, type Backbone, type EventEnvelope } from '@handoff/messaging';
import { createDataSource } from '@handoff/persistence';
import { openDeadLetterFailures } from '../../../apps/ops/src/sla-coverage/sla-coverage';
import { openDeadLetterReader } from '../../../apps/ops/src/kpis/open-dead-letters';
import { freshTopics, TopicTap } from '../../support/backbone-harness';
import {
  alertsBackbone,
  incidentAlerts,
  SteppedClock,
  testWatcher,
} from '../../support/operational-truth';
import { activationRequested } from '../../support/samples';
import { migratedDatabase, waitFor, type TestDatabase } from '../../support/test-infra';
import { matrix, MnoLikeGroup, startFailingGroup } from './ops-harness';

const DELAYS = [200];

const raisedOf = (events: EventEnvelope[]) =>
  events
    .filter((e) => e.type === EventTypes.EscalationRaised)
    .map((e) => e.data as EscalationRaised);

describe('a failure no SLA covers escalates at once on internal contacts (Kafka + PostgreSQL)', () => {
  let db: TestDatabase;
  let topics: Awaited<ReturnType<typeof freshTopics>>;
  let failing: MnoLikeGroup;
  let services: Backbone;
  let backbone: Backbone;
  let ops: DeadLetterOps;
  let tap: TopicTap;

  beforeAll(async () => {
    db = await migratedDatabase('uncovered_failures');
    topics = await freshTopics('uncovered', DELAYS, 1);
    failing = new MnoLikeGroup(topics.groupId);
    services = await startFailingGroup(db.dataSource, topics.source, failing, DELAYS);
    backbone = alertsBackbone(db.dataSource, matrix);
    // The ops API's dead-letter tooling, over this test's group only.
    ops = new DeadLetterOps({
      backbone,
      dataSource: db.dataSource,
      ownership: matrix,
      groups: [{ groupId: topics.groupId, retryDelaysMs: DELAYS }],
    });
    tap = await TopicTap.open(Topics.OpsAlerts, { fromNow: true });
  });

  afterAll(async () => {
    await tap?.close();
    await backbone?.close();
    await services?.close();
    await db?.close();
  });

  /** An event the group dead-letters with `code`, once ops lists it open. */
  async function deadLetterWith(code: string): Promise<DeadLetter> {
    failing.code = code;
    const event = services.stamper.stamp(activationRequested(topics.source, `sub-${randomUUID()}`));
    await services.producer.send([event]);
    return waitFor(
      `a dead letter with ${code}`,
      async () =>
        (await ops.list({ status: 'open' })).items.find(
          (d) => d.eventId === event.headers[CeHeaders.id],
        ),
      30_000,
      300,
    );
  }

  async function incidentOf(category: string): Promise<string | undefined> {
    const [row] = await db.dataSource.query<{ incident_id: string }[]>(
      `SELECT incident_id FROM ops_incidents
        WHERE kind = 'uncoveredFailure' AND integration_point = 'handoff-to-mno' AND operation = $1
        ORDER BY opened_at DESC LIMIT 1`,
      [category],
    );
    return row?.incident_id;
  }

  const watcherOn = (dataSource: DataSource, alerts: Backbone, clock: SteppedClock) =>
    testWatcher(
      dataSource,
      matrix,
      alerts,
      clock,
      new Map(),
      openDeadLetterFailures(openDeadLetterReader(ops, 0)),
    );

  it('pages the MNO chain at once on its internal contacts only, level by level, and resolves once the dead letter is discarded', async () => {
    const clock = new SteppedClock();
    const watcher = watcherOn(db.dataSource, backbone, clock);
    const deadLetter = await deadLetterWith('MNO.ORDER_FAILED');

    await watcher.tick();
    const incidentId = (await incidentOf('undocumented-order-failure'))!;
    const [first] = await incidentAlerts(tap, incidentId, 1);
    expect(first.data).toMatchObject({
      incidentKind: 'uncoveredFailure',
      integrationPoint: 'handoff-to-mno',
      operation: 'undocumented-order-failure',
      level: 1,
      who: 'Network Ops on-call engineer',
      contact: 'pagerduty:network-ops',
      afterMs: 0,
    });
    expect((first.data as EscalationRaised).summary).toBe(
      'handoff-to-mno undocumented-order-failure: 1 failed in a category the SLA does not cover ' +
        '(MNO.ORDER_FAILED), for 1m; owner Network Operations',
    );

    // The MNO's NOC (a vendor contact, at 30m) is never paged; Marcus Oyelaran is, at 1h.
    for (const minutes of [16, 31, 45, 61]) {
      clock.at(minutes);
      await watcher.tick();
    }
    await ops.discard({
      refs: [deadLetter.ref],
      reason: 'the MNO confirmed the order by phone',
      operator: { operatorId: 'alice' },
    });
    clock.at(62);
    await watcher.tick();

    const alerts = await incidentAlerts(tap, incidentId, 4);
    expect(raisedOf(alerts).map((l) => [l.level, l.who])).toEqual([
      [1, 'Network Ops on-call engineer'],
      [2, 'Network Ops duty manager'],
      [4, 'Marcus Oyelaran'],
    ]);
    expect(alerts[3].data as EscalationResolved).toMatchObject({
      incidentKind: 'uncoveredFailure',
      levelsRaised: 3,
    });
  });

  it("pages once with two watchers running at once, a code of the MNO's own answer in the catch-all", async () => {
    const clock = new SteppedClock();
    const second = await createDataSource(db.scratch.url).initialize();
    const secondBackbone = alertsBackbone(second, matrix);
    try {
      const watchers = [
        watcherOn(db.dataSource, backbone, clock),
        watcherOn(second, secondBackbone, clock),
      ];
      await deadLetterWith('MNO.ICCID_BARRED');
      await Promise.all(watchers.flatMap((w) => [w.tick(), w.tick()]));

      const incidentId = (await incidentOf('vendor-answer'))!;
      await incidentAlerts(tap, incidentId, 1);
      await tap.caughtUp();
      expect(raisedOf(tap.eventsKeyed(incidentId)).map((l) => [l.level, l.who])).toEqual([
        [1, 'Network Ops on-call engineer'],
      ]);
      const [counted] = await db.dataSource.query<{ n: number }[]>(
        `SELECT count(*)::int AS n FROM ops_uncovered_failures WHERE incident_id = $1`,
        [incidentId],
      );
      expect(counted.n).toBe(1);
    } finally {
      await secondBackbone.close();
      await second.destroy();
    }
  });

  it('does not escalate at once a failure the SLA covers (the MNO timing out): that waits on its SLA clock', async () => {
    const clock = new SteppedClock();
    const watcher = watcherOn(db.dataSource, backbone, clock);
    await deadLetterWith('MNO.TIMEOUT');
    await watcher.tick();
    await tap.caughtUp();

    expect(await incidentOf('vendor-outage')).toBeUndefined();
    const opened = await db.dataSource.query<{ operation: string }[]>(
      `SELECT DISTINCT operation FROM ops_incidents WHERE kind = 'uncoveredFailure'`,
    );
    expect(opened.map((o) => o.operation).sort()).toEqual([
      'undocumented-order-failure',
      'vendor-answer',
    ]);
  });
});
