import { EventTypes } from '@handoff/contracts';
import { HealthHttpServer } from '@handoff/health';
import { Topics } from '@handoff/messaging';
import type { INestMicroservice } from '@nestjs/common';
import {
  startAuditLedger,
  type RunningAuditLedger,
} from '../../../apps/audit-ledger/src/start-audit-ledger';
import { loadPaymentsServiceConfig } from '../../../apps/payments/src/payments-service.config';
import { startPayments } from '../../../apps/payments/src/start-payments';
import {
  bssActivation,
  bssSuspension,
  chargedBssActivation,
  newIccid,
} from '../../support/activation-requests';
import { paymentsGroup } from '../../support/payments-stack';
import { sagaSuite } from '../../support/saga-stack';
import { migratedDatabase, uniqueName, waitFor, type TestDatabase } from '../../support/test-infra';
import { ensureGroupTopics } from '../ops/ops-harness';
import { Scrape } from './scrape';

const RETRY_DELAYS_MS = [300, 600, 1_200, 2_500];
const RECORDS = 'handoff_consumer_records_total';
const HANDLER = 'handoff_consumer_handler_duration_seconds_count';
const IN_FLIGHT = 'handoff_consumer_records_in_flight';
const LAG = 'handoff_consumer_lag_records';
const CALLS = 'handoff_vendor_call_duration_seconds_count';
const TRANSITIONS = 'handoff_breaker_transitions_total';
const HTTP = 'handoff_http_request_duration_seconds_count';

/** The `partition` label of every `LAG` sample of `group` on `topic`. */
function lagPartitions(scrape: Scrape, group: string, topic: string): number[] {
  const series = new RegExp(`^${LAG}\\{(.*)\\} \\S+$`);
  return scrape.text
    .split('\n')
    .flatMap((line) => {
      const labels = series.exec(line)?.[1] ?? '';
      if (!labels.includes(`group="${group}"`) || !labels.includes(`topic="${topic}"`)) return [];
      return [Number(/partition="(\d+)"/.exec(labels)?.[1])];
    })
    .sort((a, b) => a - b);
}

/**
 * The consumer services' `/metrics` under real traffic: the orchestrator (on its hub port) runs
 * activations through the simulators, one of them dead-lettered, one retried through an MNO outage
 * with a suspension of the same subscriber parked behind it; the audit ledger and payments serve
 * theirs on their health ports.
 */
describe('GET /metrics on the consumer services (real Kafka, PostgreSQL and simulators)', () => {
  const suite = sagaSuite(RETRY_DELAYS_MS, 1_000);
  const scrape = () => Scrape.of(suite.stack.orchestratorUrl);

  const completed = (activationIds: string[]) =>
    waitFor(
      `activations ${activationIds.join(', ')} completed`,
      async () => {
        const rows = await suite.stack.db.query<{ state: string }[]>(
          'SELECT state FROM activations WHERE activation_id = ANY($1)',
          [activationIds],
        );
        return rows.length === activationIds.length && rows.every((r) => r.state === 'completed');
      },
      60_000,
    );

  it('counts handled, waiting, retried, parked and dead-lettered records, vendor calls and breaker transitions, and shows lag and records in flight', async () => {
    const { groupId, mno, bss } = suite.stack;
    const group = { group: groupId };
    const before = await scrape();

    // A slow MNO keeps records in flight, and their offsets uncommitted, long enough to be seen.
    await mno.setFaults({ endpoint: 'createOrder', latencyMs: 300 });
    const healthy = [1, 2, 3].map(() => chargedBssActivation(newIccid()));
    await bss.publishNow(healthy);
    const busy = await waitFor('records in flight and lag on the lifecycle topic', async () => {
      const s = await scrape();
      const lag = s.value(LAG, { ...group, topic: Topics.SubscriberLifecycle });
      return s.value(IN_FLIGHT, group) >= 1 && lag >= 1 && s;
    });
    expect(busy.value(IN_FLIGHT, group)).toBeGreaterThanOrEqual(1);
    await completed(healthy.map((e) => e.data.activationId));
    await mno.clearFaults();

    await mno.setFaults({
      endpoint: 'createOrder',
      malformedRate: 1,
      malformedKind: 'invalidJson',
    });
    await bss.publishNow([chargedBssActivation(newIccid())]);
    await waitFor('the dead letter counted', async () => {
      const s = await scrape();
      const deadLettered = { ...group, outcome: 'dead_lettered', reason: 'MNO.MALFORMED_RESPONSE' };
      return s.value(RECORDS, deadLettered) - before.value(RECORDS, deadLettered) === 1;
    });
    await mno.clearFaults();

    await mno.setFaults({ endpoint: '*', outage: true });
    const retried = bssActivation(newIccid());
    const subscriberId = retried.data.subscriberId!;
    await bss.publishNow([retried]);
    await bss.publishNow([bssSuspension(subscriberId, retried.data.iccid)]);
    const during = await waitFor('a retry, a parked record and the MNO breaker open', async () => {
      const s = await scrape();
      const moved = (name: string, labels: Record<string, string>) =>
        s.value(name, labels) - before.value(name, labels);
      return (
        moved(RECORDS, { ...group, outcome: 'retried' }) >= 1 &&
        moved(RECORDS, { ...group, outcome: 'parked', reason: 'subscriber_blocked' }) >= 1 &&
        moved(TRANSITIONS, { vendor: 'mno', state: 'open' }) >= 1 &&
        s
      );
    });
    // 2 is open: at least one MNO endpoint's breaker is.
    expect(during.value('handoff_breaker_state', { vendor: 'mno' })).toBeGreaterThanOrEqual(2);
    await mno.clearFaults();
    await completed([retried.data.activationId]);
    await waitFor('the parked suspension applied', () =>
      suite.lifecycle
        .eventsOfType(EventTypes.SubscriberSuspended)
        .some((e) => e.subject === subscriberId),
    );

    // Caught up: nothing left to read and nothing still being handled (a record can be committed
    // past while the last one of its key finishes, so lag alone is not enough).
    const after = await waitFor('the lifecycle topic caught up', async () => {
      const s = await scrape();
      return (
        s.value(LAG, { ...group, topic: Topics.SubscriberLifecycle }) === 0 &&
        s.value(IN_FLIGHT, group) === 0 &&
        s
      );
    });
    const moved = (name: string, labels: Record<string, string>) =>
      after.value(name, labels) - before.value(name, labels);
    expect(moved(RECORDS, { ...group, outcome: 'handled', reason: 'none' })).toBeGreaterThanOrEqual(
      5,
    );
    expect(moved(RECORDS, { ...group, outcome: 'waiting' })).toBeGreaterThanOrEqual(1);
    expect(moved(HANDLER, group)).toBeGreaterThanOrEqual(8);
    for (const vendor of ['mno', 'tax', 'payment']) {
      expect(moved(CALLS, { vendor, outcome: 'success' })).toBeGreaterThanOrEqual(1);
    }
    expect(moved(CALLS, { vendor: 'mno', outcome: 'failure' })).toBeGreaterThanOrEqual(1);
    expect(moved(TRANSITIONS, { vendor: 'mno', state: 'closed' })).toBeGreaterThanOrEqual(1);
    expect(after.value('handoff_breaker_state', { vendor: 'mno' })).toBe(0);
    // Nothing in the text names a subscriber, an event or an activation.
    expect(after.text).not.toContain(subscriberId);
    expect(after.text).not.toContain(retried.id);
    expect(after.text).not.toContain(retried.data.activationId);
  });

  it('shows the lag of the group and of its retry group on every partition they read', async () => {
    const { groupId, bss } = suite.stack;
    const s = await scrape();
    const ranges = await bss.client.partitionRanges([Topics.SubscriberLifecycle]);
    expect(lagPartitions(s, groupId, Topics.SubscriberLifecycle)).toEqual(
      ranges.map((r) => r.partition).sort((a, b) => a - b),
    );
    const retryTier = `${groupId}.retry-1`;
    expect(s.text).toContain(`group="${groupId}.retry",topic="${retryTier}"`);
  });

  it("times the MNO hub's callbacks on the orchestrator's port by route template and status class", async () => {
    const url = suite.stack.orchestratorUrl;
    const before = await scrape();

    const unsigned = await fetch(`${url}/mno/notifications`, { method: 'POST', body: '{}' });
    const elsewhere = await fetch(`${url}/mno/notifications/ORD-1234`, { method: 'POST' });

    expect([unsigned.status, elsewhere.status]).toEqual([401, 404]);
    const after = await scrape();
    const moved = (labels: Record<string, string>) =>
      after.value(HTTP, { method: 'POST', ...labels }) -
      before.value(HTTP, { method: 'POST', ...labels });
    expect(moved({ route: '/mno/notifications', status_class: '4xx' })).toBe(1);
    expect(moved({ route: 'unmatched', status_class: '4xx' })).toBe(1);
    expect(after.text).not.toContain('ORD-1234');
  });

  it('samples the outbox backlog and its oldest unsent row at each scrape', async () => {
    // Held for the relay an hour from now, written five minutes ago: a stuck row.
    const [{ id }] = await suite.stack.db.query<{ id: string }[]>(
      `INSERT INTO outbox (topic, headers, payload, created_at, relay_after)
       VALUES ('metrics.test', '{}', '\\x00', now() - interval '5 minutes', now() + interval '1 hour')
       RETURNING id`,
    );
    try {
      const stuck = await scrape();
      expect(stuck.value('handoff_outbox_unsent_rows')).toBeGreaterThanOrEqual(1);
      expect(stuck.value('handoff_outbox_oldest_unsent_age_seconds')).toBeGreaterThanOrEqual(300);
    } finally {
      await suite.stack.db.query('DELETE FROM outbox WHERE id = $1', [id]);
    }
  });

  describe('the audit ledger and payments, on their health ports', () => {
    let db: TestDatabase;
    let ledger: RunningAuditLedger;
    let payments: INestMicroservice;
    const ledgerGroup = uniqueName('metrics-ledger');
    let paymentsGroupId: string;
    const savedUrl = process.env.DATABASE_URL;

    beforeAll(async () => {
      // Their own database: the ledger writes a row for whatever is on the shared topics.
      db = await migratedDatabase('consumer_metrics');
      process.env.DATABASE_URL = db.scratch.url;
      try {
        await ensureGroupTopics(ledgerGroup, [200]);
        ledger = await startAuditLedger({ groupId: ledgerGroup, retryDelaysMs: [200] });
        paymentsGroupId = await paymentsGroup([200]);
        const config = loadPaymentsServiceConfig({});
        payments = await startPayments({
          ...config,
          groupId: paymentsGroupId,
          retryDelaysMs: [200],
          health: undefined,
        });
      } finally {
        process.env.DATABASE_URL = savedUrl;
      }
    });

    afterAll(async () => {
      await ledger?.close();
      await payments?.close();
      await db?.close();
    });

    it('counts the records the audit ledger writes (batch mode) and shows its lag per partition', async () => {
      const url = `http://127.0.0.1:${ledger.healthPort}`;
      const group = { group: ledgerGroup };
      const before = await Scrape.of(url);
      await suite.stack.bss.publishNow([bssActivation(newIccid())]);
      const after = await waitFor('the ledger handled the activation', async () => {
        const s = await Scrape.of(url);
        const handled = { ...group, outcome: 'handled' };
        return s.value(RECORDS, handled) > before.value(RECORDS, handled) && s;
      });
      expect(lagPartitions(after, ledgerGroup, Topics.SubscriberLifecycle)).toHaveLength(
        (await suite.stack.bss.client.partitionRanges([Topics.SubscriberLifecycle])).length,
      );
    });

    it('serves the payments service metrics on its health port, its group lag among them', async () => {
      const port = payments.get(HealthHttpServer).port;
      const s = await Scrape.of(`http://127.0.0.1:${port}`);
      expect(lagPartitions(s, paymentsGroupId, Topics.Payments).length).toBeGreaterThan(0);
      expect(s.has(IN_FLIGHT)).toBe(true);
      expect(s.has('handoff_outbox_unsent_rows')).toBe(true);
    });
  });
});
