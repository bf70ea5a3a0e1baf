import request from 'supertest';
import { migratedDatabase, waitFor, type TestDatabase } from '../../support/test-infra';
import {
  activationBody,
  newDealer,
  startTestGateway,
  type RunningGateway,
} from '../gateway/gateway-harness';
import { Scrape } from './scrape';

const HTTP = 'handoff_http_request_duration_seconds_count';
const UNSENT = 'handoff_outbox_unsent_rows';
const OLDEST = 'handoff_outbox_oldest_unsent_age_seconds';

describe('gateway GET /metrics (real PostgreSQL and Kafka)', () => {
  let db: TestDatabase;
  let gateway: RunningGateway;
  const savedUrl = process.env.DATABASE_URL;

  beforeAll(async () => {
    // Its own database: the outbox gauges read the whole table, which other tests share.
    db = await migratedDatabase('gateway_metrics');
    process.env.DATABASE_URL = db.scratch.url;
    ({ gateway } = await startTestGateway());
  });

  afterAll(async () => {
    await gateway?.close();
    process.env.DATABASE_URL = savedUrl;
    await db?.close();
  });

  it('counts requests by method, route template and status class, never by URL', async () => {
    const dealer = await newDealer(db.dataSource, 'metrics');
    const before = await Scrape.of(gateway.url);

    const accepted = await request(gateway.url)
      .post('/v1/activations')
      .set(dealer.auth)
      .send(activationBody())
      .expect(202);
    const { correlationId } = accepted.body as { correlationId: string };
    const location: string = accepted.headers.location;
    await request(gateway.url).get(location).set(dealer.auth).expect(200);
    await request(gateway.url).post('/v1/activations').send(activationBody()).expect(401);
    await request(gateway.url).get('/no-such-route').expect(404);

    const after = await Scrape.of(gateway.url);
    const moved = (labels: Record<string, string>) =>
      after.value(HTTP, labels) - before.value(HTTP, labels);
    expect(moved({ method: 'POST', route: '/v1/activations', status_class: '2xx' })).toBe(1);
    expect(moved({ method: 'POST', route: '/v1/activations', status_class: '4xx' })).toBe(1);
    expect(
      moved({ method: 'GET', route: '/v1/activations/:activationId', status_class: '2xx' }),
    ).toBe(1);
    expect(moved({ method: 'GET', route: 'unmatched', status_class: '4xx' })).toBe(1);
    expect(after.text).not.toContain(correlationId);
    expect(after.text).not.toContain(location);
    expect(after.has('process_cpu_seconds_total')).toBe(true);
  });

  it('samples the outbox backlog and the age of its oldest unsent row at each scrape', async () => {
    await waitFor('the activation published', async () => {
      return (await Scrape.of(gateway.url)).value(UNSENT) === 0;
    });
    // Held for the relay an hour from now, written five minutes ago: a stuck row.
    const [{ id }] = await db.dataSource.query<{ id: string }[]>(
      `INSERT INTO outbox (topic, headers, payload, created_at, relay_after)
       VALUES ('metrics.test', '{}', '\\x00', now() - interval '5 minutes', now() + interval '1 hour')
       RETURNING id`,
    );

    const stuck = await Scrape.of(gateway.url);
    expect(stuck.value(UNSENT)).toBe(1);
    expect(stuck.value(OLDEST)).toBeGreaterThanOrEqual(300);

    await db.dataSource.query('DELETE FROM outbox WHERE id = $1', [id]);
    const drained = await Scrape.of(gateway.url);
    expect(drained.value(UNSENT)).toBe(0);
    expect(drained.value(OLDEST)).toBe(0);
  });
});
