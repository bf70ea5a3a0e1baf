import request from 'supertest';
import type { DataSource } from 'typeorm';
import { EventTypes } from '@handoff/contracts';
import { Topics } from '@handoff/messaging';
import { waitFor } from '../../support/test-infra';
import {
  activationBody,
  iccidWithWrongCheckDigit,
  newDealer,
  startTestGateway,
  writesFor,
  type RunningGateway,
  type TestDealer,
} from './gateway-harness';
import { TopicTap } from '../../support/backbone-harness';

describe('POST /v1/activations (gateway on real HTTP, PostgreSQL and Kafka)', () => {
  let gateway: RunningGateway;
  let db: DataSource;
  let lifecycle: TopicTap;
  let dealer: TestDealer;

  beforeAll(async () => {
    ({ gateway, db } = await startTestGateway());
    lifecycle = await TopicTap.open(Topics.SubscriberLifecycle, { fromNow: true });
    dealer = await newDealer(db, 'intake');
  });

  afterAll(async () => {
    await lifecycle?.close();
    await db?.destroy();
    await gateway?.close();
  });

  const post = (body: unknown, headers: Record<string, string> = {}) =>
    request(gateway.url)
      .post('/v1/activations')
      .set(dealer.auth)
      .set(headers)
      .send(body as object);

  it("continues the dealer portal's trace: same trace id, a new span", async () => {
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const response = await post(activationBody(), {
      traceparent: `00-${traceId}-00f067aa0ba902b7-01`,
    }).expect(202);
    const { correlationId } = response.body as { correlationId: string };
    const [published] = await waitFor('the ActivationRequested record', () => {
      const events = lifecycle.eventsWithId(correlationId);
      return events.length > 0 && events;
    });
    expect(published.record.headers.traceparent).toMatch(
      new RegExp(`^00-${traceId}-[0-9a-f]{16}-01$`),
    );
    expect(published.record.headers.traceparent).not.toContain('00f067aa0ba902b7');
  });

  it('answers 202 with a Location and publishes one ActivationRequested with CloudEvents headers', async () => {
    const body = activationBody();
    const response = await post(body).expect(202);

    const { activationId, subscriberId, correlationId } = response.body as {
      activationId: string;
      subscriberId: string;
      correlationId: string;
    };
    expect(response.body).toEqual({
      activationId: expect.stringMatching(/^act-/),
      subscriberId: expect.stringMatching(/^sub-/),
      state: 'acknowledged',
      correlationId,
    });
    expect(response.headers.location).toBe(`/v1/activations/${activationId}`);

    const [published] = await waitFor('the ActivationRequested record', () => {
      const events = lifecycle.eventsWithId(correlationId);
      return events.length > 0 && events;
    });
    expect(published.record.key).toBe(subscriberId);
    expect(published.record.headers).toMatchObject({
      ce_specversion: '1.0',
      ce_id: correlationId,
      ce_type: EventTypes.ActivationRequested,
      ce_source: 'handoff/gateway',
      ce_subject: subscriberId,
      ce_correlationid: correlationId,
      ce_causationid: correlationId,
      'content-type': 'application/avro',
    });
    expect(published.record.headers.traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
    expect(published.record.headers).toMatchObject({
      handoff_integration_point: 'dealer-portal-to-handoff',
      handoff_owner_team: 'dealer-ops',
    });
    expect(published.envelope.data).toMatchObject({
      subjectId: subscriberId,
      activationId,
      subscriberId,
      iccid: body.iccid,
      msisdn: '14155550123',
      channel: 'dealer',
      dealerId: dealer.dealerId,
      planCode: 'UNL-5G-30',
      dealerReference: body.dealerReference,
    });
  });

  it.each([
    ['an ICCID with a wrong check digit', { iccid: iccidWithWrongCheckDigit() }, ['iccid']],
    ['an MSISDN that is not E.164', { msisdn: '4155550123' }, ['msisdn']],
    [
      'a port-in without its account number and PIN',
      { portIn: { donorOperator: 'Acme Mobile' } },
      ['portIn.accountNumber', 'portIn.pin'],
    ],
    ['a missing service address', { serviceAddress: undefined }, ['serviceAddress']],
    [
      'an address without postal code and with an unassigned country',
      {
        serviceAddress: {
          line1: '1 Main St',
          city: 'Austin',
          stateOrProvince: 'TX',
          countryCode: 'UK',
        },
      },
      ['serviceAddress.postalCode', 'serviceAddress.countryCode'],
    ],
    ['a plan that is not in the catalogue', { planCode: 'GOLD-UNLIMITED-99' }, ['planCode']],
  ])(
    'refuses %s with 400 naming the field(s), and writes nothing',
    async (_, overrides, fields) => {
      const body = activationBody(overrides);
      const response = await post(body).expect(400);

      expect(response.body).toMatchObject({ error: 'invalid_request' });
      expect((response.body as { fields: { field: string }[] }).fields.map((f) => f.field)).toEqual(
        fields,
      );
      expect(await writesFor(db, body.iccid as string)).toEqual({ activations: 0, outbox: 0 });
    },
  );

  it('names every failing field of a request at once', async () => {
    const body = activationBody({ iccid: '123', msisdn: 'call me', planCode: 'NOPE' });
    const response = await post(body).expect(400);
    expect((response.body as { fields: { field: string }[] }).fields.map((f) => f.field)).toEqual([
      'iccid',
      'msisdn',
      'planCode',
    ]);
  });

  it('answers a replay with the same Idempotency-Key and body with the same activation, published once', async () => {
    const body = activationBody();
    const key = { 'Idempotency-Key': `order-${String(body.dealerReference)}` };
    const first = await post(body, key).expect(202);
    // The same body with its keys in another order is the same request.
    const reordered = Object.fromEntries(Object.entries(body).reverse());
    const again = await post(reordered, key).expect(202);

    expect(again.body).toEqual(first.body);
    expect(again.headers.location).toBe(first.headers.location);
    expect(again.headers['idempotent-replayed']).toBe('true');
    const { correlationId, subscriberId } = first.body as {
      correlationId: string;
      subscriberId: string;
    };
    await waitFor('the first publication', () => lifecycle.eventsWithId(correlationId).length > 0);
    await waitFor('the outbox to hold one row, sent', async () => {
      const [row] = await db.query<{ n: string; unsent: string }[]>(
        `SELECT count(*) AS n, count(*) FILTER (WHERE sent_at IS NULL) AS unsent FROM outbox WHERE message_key = $1`,
        [subscriberId],
      );
      return row?.n === '1' && row.unsent === '0';
    });
    expect(await writesFor(db, body.iccid as string)).toEqual({ activations: 1, outbox: 1 });
    expect(lifecycle.records.filter((r) => r.key === subscriberId)).toHaveLength(1);
  });

  it('answers 409 when an Idempotency-Key is reused with a different body, and creates nothing', async () => {
    const body = activationBody();
    const key = { 'Idempotency-Key': `order-${String(body.dealerReference)}` };
    await post(body, key).expect(202);
    const other = { ...body, planCode: 'BASIC-5G-15' };

    const response = await post(other, key).expect(409);
    expect(response.body).toMatchObject({ error: 'idempotency_conflict' });
    expect(await writesFor(db, body.iccid as string)).toMatchObject({ activations: 1 });
  });

  it('leaves the Idempotency-Key of a refused request free for the corrected one', async () => {
    const body = activationBody();
    const key = { 'Idempotency-Key': `order-${String(body.dealerReference)}` };
    await post({ ...body, planCode: 'NOPE' }, key).expect(400);
    await post(body, key).expect(202);
  });

  it('creates one activation when the same Idempotency-Key arrives several times at once', async () => {
    const body = activationBody();
    const key = { 'Idempotency-Key': `order-${String(body.dealerReference)}` };
    const responses = await Promise.all([1, 2, 3, 4, 5].map(() => post(body, key)));
    expect(responses.map((r) => r.status)).toEqual([202, 202, 202, 202, 202]);
    expect(new Set(responses.map((r) => JSON.stringify(r.body))).size).toBe(1);
    expect(await writesFor(db, body.iccid as string)).toEqual({ activations: 1, outbox: 1 });
  });
});
