import { randomBytes, randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { SagaCommitter, SagaLedger, VendorCallRecorder } from '@handoff/activation-saga';
import { EventTypes, type SlaBreached } from '@handoff/contracts';
import { Topics, type Backbone, type EventEnvelope } from '@handoff/messaging';
import { loadMnoConfig, MnoProvisioningAxiosAdapter } from '@handoff/mno-provisioning';
import { buildScorecard, type PeriodIncident } from '@handoff/operational-truth';
import { loadOwnershipMatrix } from '@handoff/ownership';
import {
  startMnoSimulator,
  type RunningSimulator,
} from '../../../apps/vendor-simulators/src/start-vendor-simulators';
import { TopicTap } from '../../support/backbone-harness';
import { MnoSimulatorAdmin } from '../../support/mno-simulator-client';
import { alertsBackbone, SteppedClock, testWatcher } from '../../support/operational-truth';
import { migratedDatabase, waitFor, type TestDatabase } from '../../support/test-infra';

const matrix = loadOwnershipMatrix();
const SLOW_MS = 1_200;
/** What the simulator counts as its own failure (injected faults), as opposed to an answer. */
const VENDOR_SIDE = ['outage', 'timeout', 'injectedError', 'malformed'] as const;

type EndpointStats = { total: number } & Partial<Record<string, number>>;

async function simulatorStats(url: string): Promise<Record<string, EndpointStats>> {
  const response = await fetch(`${url}/admin/stats`);
  return ((await response.json()) as { calls: Record<string, EndpointStats> }).calls;
}

/** An envelope of an activation the calls belong to; only its correlation id matters here. */
function envelopeFor(correlationId: string): EventEnvelope {
  const id = randomUUID();
  return {
    id,
    type: EventTypes.ActivationRequested,
    source: 'handoff/test',
    time: new Date().toISOString(),
    subject: `sub-${id}`,
    correlationId,
    causationId: id,
    traceparent: `00-${randomBytes(16).toString('hex')}-${randomBytes(8).toString('hex')}-01`,
    integrationPoint: 'handoff-to-mno',
    ownerTeam: 'network-ops',
    data: {},
  };
}

const sorted = (ids: readonly string[]) => [...ids].sort();

describe('the vendor scorecard (PostgreSQL, Kafka, MNO simulator over HTTP)', () => {
  let test: TestDatabase;
  let db: DataSource;
  let backbone: Backbone;
  let simulator: RunningSimulator;
  let mno: MnoSimulatorAdmin;
  let adapter: MnoProvisioningAxiosAdapter;
  let tap: TopicTap;

  beforeAll(async () => {
    test = await migratedDatabase('scorecard');
    db = test.dataSource;
    backbone = alertsBackbone(db, matrix);
    simulator = await startMnoSimulator({ port: 0, logLevel: 'silent' });
    mno = new MnoSimulatorAdmin(simulator.url);
    // One try per call and a breaker that never opens: each ledger row is one call the MNO saw.
    adapter = new MnoProvisioningAxiosAdapter(
      loadMnoConfig({
        MNO_BASE_URL: mno.tmfBaseUrl,
        MNO_RETRY_ATTEMPTS: '1',
        MNO_CALL_TIMEOUT_MS: '5000',
        MNO_BREAKER_VOLUME_THRESHOLD: '1000',
        MNO_BREAKER_ERROR_THRESHOLD_PERCENT: '100',
      }),
    );
    tap = await TopicTap.open(Topics.OpsAlerts, { fromNow: true });
  });

  afterAll(async () => {
    await tap?.close();
    adapter?.close();
    await simulator?.close();
    await backbone?.close();
    await test?.close();
  });

  it('reports availability, p50/p95 against the SLA, breaches with evidence and escalations, matching what the simulator served', async () => {
    const clock = new SteppedClock();
    const watcher = testWatcher(db, matrix, backbone, clock, new Map([['mno', adapter]]));
    const recorder = new VendorCallRecorder(
      new SagaCommitter(db, backbone),
      new SagaLedger('handoff/test', () => 'network-ops'),
    );
    const getOrder = (correlationId: string) =>
      recorder
        .call(
          envelopeFor(correlationId),
          { integrationPoint: 'handoff-to-mno', operation: 'getOrder', attempt: 1 },
          () => adapter.getOrder(`so-${correlationId}`),
          (order) => ({ outcome: order.state, id: order.orderId }),
        )
        .catch(() => undefined);
    const run = async (prefix: string, count: number) => {
      const ids = Array.from({ length: count }, (_, i) => `${prefix}-${i}-${randomUUID()}`);
      for (const id of ids) await getOrder(id);
      return ids;
    };
    const started = new Date(Date.now() - 1_000);

    await run('answered', 6);
    await mno.setFaults({ endpoint: 'getOrder', latencyMs: SLOW_MS });
    const slow = await run('slow', 2);
    await mno.setFaults({ endpoint: 'getOrder', outage: true });
    const down = await run('down', 4);
    await watcher.tick();
    await mno.clearFaults();
    // A quarter of an hour later, no traffic: only the probe measures, and the MNO answers it.
    clock.at(16);
    await watcher.tick();

    const card = await buildScorecard(db, matrix, {
      label: 'this run',
      from: started,
      to: new Date(clock.now().getTime() + 60_000),
    });
    const point = card.points.find((p) => p.integrationPoint === 'handoff-to-mno')!;

    // Independently, from what the simulator itself served: calls and probes, and its failures.
    const stats = await simulatorStats(simulator.url);
    const served = [stats.getOrder, stats.getService];
    const total = served.reduce((sum, s) => sum + s.total, 0);
    const failed = served.reduce(
      (sum, s) => sum + VENDOR_SIDE.reduce((n, outcome) => n + (s[outcome] ?? 0), 0),
      0,
    );
    expect(point.availability).toMatchObject({
      targetPercent: 99.9,
      calls: stats.getOrder.total,
      probes: stats.getService.total,
      failures: failed,
      met: false,
    });
    expect(point.availability.actualPercent).toBeCloseTo(((total - failed) / total) * 100, 9);
    expect([point.availability.calls, point.availability.probes, failed]).toEqual([12, 2, 4]);

    const getOrderScore = point.operations.find((o) => o.operation === 'getOrder')!;
    expect(getOrderScore).toMatchObject({ calls: 12, latencyP95TargetMs: 1_000, met: false });
    expect(getOrderScore.p95Ms).toBeGreaterThanOrEqual(SLOW_MS);
    expect(getOrderScore.p50Ms).toBeLessThan(SLOW_MS);

    const breach = (operation: string): PeriodIncident =>
      point.breaches.find((b) => b.operation === operation)!;
    expect(breach('availability')).toMatchObject({ target: '99.9%', actual: '100%' });
    expect(breach('availability').end).not.toBeNull();
    expect(sorted(breach('availability').evidence)).toEqual(sorted(down));
    expect(breach('availability').escalations.map((e) => [e.level, e.who, e.contact])).toEqual([
      [1, 'Network Ops on-call engineer', 'pagerduty:network-ops'],
    ]);
    // No call since: nothing shows the p95 back within its SLA, so that breach is still open.
    expect(breach('getOrder')).toMatchObject({ measure: 'latencyP95', target: '1s', end: null });
    expect(sorted(breach('getOrder').evidence)).toEqual(sorted(slow));
    // Open a quarter of an hour by then: the MNO chain's second level (15m) was paged for it.
    expect(breach('getOrder').escalations.map((e) => e.level)).toEqual([1, 2]);
    expect(point.escalationsRaised).toBe(3);

    // Paging tools heard it: the breach with its evidence, then its clearing.
    const incidentId = breach('availability').incidentId;
    const alerts = await waitFor('the availability breach and its clearing', () => {
      const events = tap.eventsKeyed(incidentId);
      return events.length >= 4 && events;
    });
    expect(alerts.map((e) => e.type.split('.').pop())).toEqual([
      'SlaBreached',
      'EscalationRaised',
      'SlaBreachCleared',
      'EscalationResolved',
    ]);
    const breached = alerts[0].data as SlaBreached;
    expect(breached).toMatchObject({ measure: 'availability', ownerTeam: 'network-ops' });
    expect(breached.samples).toBe(13);
    expect(sorted(breached.evidence)).toEqual(sorted(down));
  });
});
