import request from 'supertest';
import type { DataSource } from 'typeorm';
import { LineRepository } from '@handoff/activation-saga';
import { EventTypes, type SubscriberPlanChangeRequested } from '@handoff/contracts';
import { Topics } from '@handoff/messaging';
import { TopicTap } from '../../support/backbone-harness';
import { waitFor } from '../../support/test-infra';
import {
  activationBody,
  newDealer,
  startTestGateway,
  type RunningGateway,
  type TestDealer,
} from './gateway-harness';

interface PlanChangeAnswer {
  requestId: string;
  subscriberId: string;
  planCode: string;
  state: string;
  correlationId: string;
}

describe('POST /v1/subscribers/{id}/plan-change (gateway on real HTTP, PostgreSQL and Kafka)', () => {
  let gateway: RunningGateway;
  let db: DataSource;
  let lifecycle: TopicTap;
  let dealer: TestDealer;
  let rival: TestDealer;

  beforeAll(async () => {
    ({ gateway, db } = await startTestGateway());
    lifecycle = await TopicTap.open(Topics.SubscriberLifecycle, { fromNow: true });
    dealer = await newDealer(db, 'plans');
    rival = await newDealer(db, 'plans-rival');
  });

  afterAll(async () => {
    await lifecycle?.close();
    await db?.destroy();
    await gateway?.close();
  });

  /** A line the dealer activated: its subscriber id, as the activation answered it. */
  async function lineOf(owner: TestDealer): Promise<string> {
    const response = await request(gateway.url)
      .post('/v1/activations')
      .set(owner.auth)
      .send(activationBody())
      .expect(202);
    return (response.body as { subscriberId: string }).subscriberId;
  }

  const changePlan = (
    owner: TestDealer,
    subscriberId: string,
    body: unknown,
    headers: Record<string, string> = {},
  ) =>
    request(gateway.url)
      .post(`/v1/subscribers/${subscriberId}/plan-change`)
      .set(owner.auth)
      .set(headers)
      .send(body as object);

  const planChangesOf = (subscriberId: string) =>
    lifecycle
      .eventsKeyed(subscriberId)
      .filter((envelope) => envelope.type === EventTypes.SubscriberPlanChangeRequested)
      .map((envelope) => envelope.data as SubscriberPlanChangeRequested);

  /**
   * A plan change with a fresh key for the same line, published after whatever came before it on
   * the line's partition: once it is in, anything published earlier for the line is in too.
   */
  async function sentinelAfter(subscriberId: string): Promise<void> {
    const sentinel = await changePlan(dealer, subscriberId, { planCode: 'UNL-5G-30' }).expect(202);
    const { requestId } = sentinel.body as PlanChangeAnswer;
    await waitFor('the sentinel plan change', () =>
      planChangesOf(subscriberId).some((change) => change.requestId === requestId),
    );
  }

  it('answers 202 with the request and a link to follow it, and publishes SubscriberPlanChangeRequested keyed by the subscriber', async () => {
    const subscriberId = await lineOf(dealer);
    const response = await changePlan(dealer, subscriberId, { planCode: 'BASIC-5G-15' }).expect(
      202,
    );

    const answer = response.body as PlanChangeAnswer;
    expect(answer).toEqual({
      requestId: expect.stringMatching(/^pc-/),
      subscriberId,
      planCode: 'BASIC-5G-15',
      state: 'acknowledged',
      correlationId: expect.any(String),
      requestedAt: expect.any(String),
    });
    const link = `/v1/subscribers/${subscriberId}/plan-changes/${answer.requestId}`;
    expect(response.headers.location).toBe(link);

    const [published] = await waitFor('the SubscriberPlanChangeRequested record', () => {
      const events = lifecycle.eventsWithId(answer.correlationId);
      return events.length > 0 && events;
    });
    expect(published.record.key).toBe(subscriberId);
    expect(published.envelope.type).toBe(EventTypes.SubscriberPlanChangeRequested);
    expect(published.envelope.data).toEqual({
      subjectId: subscriberId,
      requestId: answer.requestId,
      subscriberId,
      planCode: 'BASIC-5G-15',
      dealerId: dealer.dealerId,
      requestedAt: expect.any(Number),
    });

    const followed = await request(gateway.url).get(link).set(dealer.auth).expect(200);
    expect(followed.body).toEqual(answer);
  });

  it('follows the request to the outcome the orchestrator recorded on the line', async () => {
    const subscriberId = await lineOf(dealer);
    const response = await changePlan(dealer, subscriberId, { planCode: 'BASIC-5G-15' });
    const { requestId, correlationId } = response.body as PlanChangeAnswer;
    const intake = {
      subscriberId,
      requestId,
      kind: 'planChange' as const,
      eventId: correlationId,
      correlationId,
      requestedAt: Date.now(),
    };
    await db.transaction((manager) =>
      new LineRepository().reject(manager, intake, 'LIFECYCLE.UNKNOWN_SUBSCRIBER'),
    );

    const followed = await request(gateway.url)
      .get(response.headers.location)
      .set(dealer.auth)
      .expect(200);
    expect(followed.body).toMatchObject({
      requestId,
      state: 'rejected',
      reason: { code: 'LIFECYCLE.UNKNOWN_SUBSCRIBER' },
    });
  });

  it('answers a retry with the same Idempotency-Key and body with the same request, published once', async () => {
    const subscriberId = await lineOf(dealer);
    const key = { 'Idempotency-Key': `pc-${subscriberId}` };
    const first = await changePlan(dealer, subscriberId, { planCode: 'BASIC-5G-15' }, key);
    const again = await changePlan(dealer, subscriberId, { planCode: ' BASIC-5G-15' }, key);
    const concurrent = await Promise.all(
      [1, 2, 3].map(() => changePlan(dealer, subscriberId, { planCode: 'BASIC-5G-15' }, key)),
    );

    expect(first.status).toBe(202);
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    // A body that differs only in whitespace inside a value is another body.
    expect(again.status).toBe(409);
    for (const replay of concurrent) {
      expect(replay.status).toBe(202);
      expect(replay.body).toEqual(first.body);
      expect(replay.headers.location).toBe(first.headers.location);
      expect(replay.headers['idempotent-replayed']).toBe('true');
    }
    await sentinelAfter(subscriberId);
    const { requestId } = first.body as PlanChangeAnswer;
    expect(planChangesOf(subscriberId).filter((c) => c.requestId === requestId)).toHaveLength(1);
  });

  it('answers 409 when the Idempotency-Key is reused with another plan or for another line, and publishes nothing', async () => {
    const subscriberId = await lineOf(dealer);
    const otherLine = await lineOf(dealer);
    const key = { 'Idempotency-Key': `pc-${subscriberId}` };
    await changePlan(dealer, subscriberId, { planCode: 'BASIC-5G-15' }, key).expect(202);

    const otherPlan = await changePlan(dealer, subscriberId, { planCode: 'UNL-5G-30' }, key);
    const sameBodyOtherLine = await changePlan(dealer, otherLine, { planCode: 'BASIC-5G-15' }, key);
    expect(otherPlan.status).toBe(409);
    expect(otherPlan.body).toMatchObject({ error: 'idempotency_conflict' });
    expect(sameBodyOtherLine.status).toBe(409);

    await sentinelAfter(subscriberId);
    await sentinelAfter(otherLine);
    expect(planChangesOf(subscriberId).map((c) => c.planCode)).toEqual([
      'BASIC-5G-15',
      'UNL-5G-30',
    ]);
    expect(planChangesOf(otherLine).map((c) => c.planCode)).toEqual(['UNL-5G-30']);
  });

  it("answers 404 for another dealer's line exactly as for an unknown one, and publishes nothing", async () => {
    const theirs = await lineOf(rival);
    const body = { planCode: 'BASIC-5G-15' };
    const key = { 'Idempotency-Key': `pc-${theirs}` };

    const foreign = await changePlan(dealer, theirs, body, key).expect(404);
    const unknown = await changePlan(dealer, 'sub-no-such-line', body, key).expect(404);
    expect(foreign.body).toEqual({ error: 'not_found', message: 'no such subscriber' });
    expect(unknown.body).toEqual(foreign.body);

    // The key was not used up: the owner's request with it goes through, alone on the line.
    const own = await changePlan(rival, theirs, body, key).expect(202);
    const { requestId } = own.body as PlanChangeAnswer;
    await waitFor('the owner’s plan change', () =>
      planChangesOf(theirs).some((c) => c.requestId === requestId),
    );
    expect(planChangesOf(theirs)).toHaveLength(1);
    await request(gateway.url).get(own.headers.location).set(dealer.auth).expect(404);
  });

  it('answers 400 naming each failing field, and the key stays free for the corrected request', async () => {
    const subscriberId = await lineOf(dealer);
    const unknownPlan = await changePlan(
      dealer,
      subscriberId,
      { planCode: 'GOLD-1', extra: 1 },
      {
        'Idempotency-Key': 'has space',
      },
    ).expect(400);
    expect(unknownPlan.body).toMatchObject({ error: 'invalid_request' });
    expect((unknownPlan.body as { fields: { field: string }[] }).fields).toEqual([
      { field: 'Idempotency-Key', message: expect.any(String) },
      { field: 'extra', message: 'unknown field' },
      { field: 'planCode', message: 'unknown plan "GOLD-1"' },
    ]);
    const key = { 'Idempotency-Key': `pc-${subscriberId}` };
    await changePlan(dealer, subscriberId, {}, key).expect(400);
    await changePlan(dealer, subscriberId, { planCode: 'BASIC-5G-15' }, key).expect(202);

    await sentinelAfter(subscriberId);
    expect(planChangesOf(subscriberId).map((c) => c.planCode)).toEqual([
      'BASIC-5G-15',
      'UNL-5G-30',
    ]);
  });
});
