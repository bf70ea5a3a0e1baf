import request from 'supertest';
import { newApiKey, registerOperator } from '@handoff/access';
import type { Backbone, EventEnvelope } from '@handoff/messaging';
import { prometheusConsumerMetrics } from '@handoff/messaging-nest';
import { AwaitingCompletionError, PermanentError, RetryableError } from '@handoff/resilience';
import { startOpsApi, type RunningOpsApi } from '../../../apps/ops/src/ops-api';
import { freshTopics, testBackbone } from '../../support/backbone-harness';
import { activationRequested } from '../../support/samples';
import { closedPort, migratedDatabase, waitFor, type TestDatabase } from '../../support/test-infra';
import { ReconciliationRunStore } from '@handoff/usage-ingestion';
import { Scrape } from './scrape';

const RECORDS = 'handoff_consumer_records_total';
const IN_FLIGHT = 'handoff_consumer_records_in_flight';
const HANDLER = 'handoff_consumer_handler_duration_seconds_count';

describe('ops API GET /metrics (real PostgreSQL and Kafka)', () => {
  let db: TestDatabase;
  let api: RunningOpsApi;
  const opsKey = newApiKey('ok');
  const saved = { ...process.env };

  beforeAll(async () => {
    db = await migratedDatabase('ops_metrics');
    await registerOperator(db.dataSource, {
      operatorId: 'olga',
      name: 'Olga Ops',
      apiKey: opsKey,
      roles: ['ops'],
    });
    Object.assign(process.env, {
      DATABASE_URL: db.scratch.url,
      TAX_BASE_URL: `http://127.0.0.1:${await closedPort()}/tax/v1`,
      TAX_RETRY_ATTEMPTS: '1',
      TAX_BREAKER_VOLUME_THRESHOLD: '1',
    });
    api = await startOpsApi({ port: 0 });
  });

  afterAll(async () => {
    await api?.close();
    process.env = saved;
    await db?.close();
  });

  it('is served without an operator key, in Prometheus text', async () => {
    const scrape = await Scrape.of(api.url);

    expect(scrape.has('handoff_http_request_duration_seconds')).toBe(true);
    expect(scrape.has('handoff_breaker_state')).toBe(true);
  });

  it('shows the tax breaker opening and the failed calls that opened it', async () => {
    const before = await Scrape.of(api.url);
    const tax = (labels: Record<string, string> = {}) => ({ vendor: 'tax', ...labels });
    expect(before.value('handoff_breaker_state', tax())).toBe(0);

    await request(api.url)
      .get('/v1/tax/coverage')
      .set({ Authorization: `Bearer ${opsKey}` });

    const after = await Scrape.of(api.url);
    const moved = (name: string, labels: Record<string, string>) =>
      after.value(name, labels) - before.value(name, labels);
    expect(after.value('handoff_breaker_state', tax())).toBeGreaterThanOrEqual(2);
    expect(moved('handoff_breaker_transitions_total', tax({ state: 'open' }))).toBeGreaterThan(0);
    const calls = 'handoff_vendor_call_duration_seconds_count';
    expect(moved(calls, tax({ outcome: 'failure' }))).toBeGreaterThan(0);
    expect(after.text).toMatch(
      /handoff_vendor_call_duration_seconds_bucket\{le="[\d.]+",vendor="tax",endpoint="\w+",outcome="failure"\}/,
    );
    expect(
      moved('handoff_http_request_duration_seconds_count', { route: '/v1/tax/coverage' }),
    ).toBe(1);
  });

  describe('a consumer group in this process', () => {
    let backbone: Backbone;

    afterEach(async () => {
      await backbone?.close();
    });

    it('counts records handled, retried, waiting, parked and dead-lettered by group and reason, with latency and records in flight', async () => {
      const topics = await freshTopics('metrics', [200, 200, 200], 1);
      const group = { group: topics.groupId };
      let release: () => void = () => undefined;
      const held = new Promise<void>((resolve) => (release = resolve));
      const handled: string[] = [];
      backbone = testBackbone(db.dataSource, { metrics: prometheusConsumerMetrics() });
      const handler = async (e: EventEnvelope, ctx: { attempt: number }): Promise<void> => {
        if (e.subject === 'slow') await held;
        // Only the first flaky event fails, once: the second parks behind it, then runs.
        if (e.subject === 'flaky' && ctx.attempt === 1 && !handled.includes('flaky')) {
          throw new RetryableError('TEST.FLAKY', 'vendor hiccup');
        }
        if (e.subject === 'perm') throw new PermanentError('TEST.REFUSED', 'refused for good');
        if (e.subject === 'mno' && ctx.attempt === 1 && !handled.includes(e.id)) {
          handled.push(e.id);
          throw new AwaitingCompletionError('TEST.IN_PROGRESS', 'order in progress', {
            waitLimitMs: 60_000,
          });
        }
        handled.push(e.subject);
      };
      await backbone
        .consumerGroup({
          groupId: topics.groupId,
          topics: [topics.source],
          handler,
          retryDelaysMs: [200, 200, 200],
        })
        .start();

      await backbone.publishNow([activationRequested(topics.source, 'slow')]);
      await waitFor('a record in flight', async () => {
        return (await Scrape.of(api.url)).value(IN_FLIGHT, group) === 1;
      });
      release();
      await backbone.publishNow([
        activationRequested(topics.source, 'flaky'),
        activationRequested(topics.source, 'flaky'),
        activationRequested(topics.source, 'perm'),
        activationRequested(topics.source, 'mno'),
      ]);
      await waitFor(
        'both flaky events and the waiting one handled',
        () => handled.filter((s) => s === 'flaky').length === 2 && handled.includes('mno'),
      );

      // A record is counted as it settles, a moment after its handler returned, and leaves its lane after that.
      const scrape = await waitFor('every record settled and counted', async () => {
        const s = await Scrape.of(api.url);
        const settled =
          s.value(RECORDS, { ...group, outcome: 'dead_lettered' }) === 1 &&
          s.value(RECORDS, { ...group, outcome: 'handled' }) === 4 &&
          s.value(IN_FLIGHT, group) === 0;
        return settled && s;
      });
      const count = (outcome: string, reason?: string) =>
        scrape.value(RECORDS, { ...group, outcome, ...(reason ? { reason } : {}) });
      expect(count('dead_lettered', 'TEST.REFUSED')).toBe(1);
      expect(count('retried', 'TEST.FLAKY')).toBe(1);
      expect(count('waiting', 'TEST.IN_PROGRESS')).toBe(1);
      expect(count('parked', 'subscriber_blocked')).toBe(1);
      expect(count('handled')).toBe(4);
      expect(scrape.value(HANDLER, group)).toBeGreaterThanOrEqual(7);
      expect(scrape.value(IN_FLIGHT, group)).toBe(0);
      expect(scrape.text).not.toMatch(/subject|flaky"|slow"/);
    });
  });

  it("exposes the week's KPIs as gauges: a line active for ten days and never charged is unbilled", async () => {
    const activatedAt = new Date(Date.now() - 10 * 86_400_000);
    await db.dataSource.query(
      `INSERT INTO activations (activation_id, correlation_id, channel, iccid, plan_code, subscriber_id,
         state, step, request, requested_at, completed_at)
       VALUES ('unbilled-1', 'unbilled-1', 'bss', '8901260000000000017', 'UNL-5G-30', 'sub-unbilled-1',
         'completed', 'completed', '{}', $1, $1)`,
      [activatedAt],
    );
    // Requested an hour ago, active 90 s later: the week's only provisioning time.
    const requestedAt = new Date(Date.now() - 3_600_000);
    await db.dataSource.query(
      `INSERT INTO activations (activation_id, correlation_id, channel, iccid, plan_code, subscriber_id,
         state, step, request, requested_at, completed_at)
       VALUES ('provisioned-1', 'provisioned-1', 'bss', '8901260000000000025', 'UNL-5G-30', 'sub-provisioned-1',
         'completed', 'completed', '{}', $1, $2)`,
      [requestedAt, new Date(requestedAt.getTime() + 90_000)],
    );
    // The report is cached for 30 s; this suite's first scrape may have read it before the rows.
    await waitFor(
      'the unbilled line and the provisioning time on /metrics',
      async () => {
        const scrape = await Scrape.of(api.url);
        return (
          scrape.value('handoff_kpi_unbilled_lines') === 1 &&
          scrape.value('handoff_kpi_provisioning_seconds', { quantile: '0.5' }) === 90
        );
      },
      45_000,
    );
    const scrape = await Scrape.of(api.url);
    expect(scrape.has('handoff_kpi_activation_fallout_ratio')).toBe(true);
  });

  it("exposes a month's first-pass CDR reconciliation accuracy, per month", async () => {
    const lastMonth = new Date();
    lastMonth.setUTCDate(1);
    lastMonth.setUTCMonth(lastMonth.getUTCMonth() - 1);
    const month = lastMonth.toISOString().slice(0, 7);
    const runs = new ReconciliationRunStore();
    const counts = { mismatched: 1, onlyInvoice: 1, onlyHandoff: 0, unknownLines: 0 };
    for (const matched of [38, 40]) {
      await runs.record(db.dataSource.manager, {
        period: month,
        fileSha256: `sha-metrics-${matched}`,
        fileName: 'invoice.csv',
        linesRead: 40,
        badLines: 0,
        counts: { ...counts, matched },
        charges: { compared: false },
      });
    }

    // 38 of 40 on the first pass; the second run never replaces it.
    await waitFor(
      'the accuracy on /metrics',
      async () =>
        (await Scrape.of(api.url)).value('handoff_kpi_cdr_reconciliation_accuracy', { month }) ===
        0.95,
    );
  });
});
