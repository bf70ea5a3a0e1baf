import request from 'supertest';
import type { DataSource } from 'typeorm';
import { recordLedger } from '@handoff/audit';
import { EventTypes } from '@handoff/contracts';
import {
  activationBody,
  newDealer,
  startTestGateway,
  type RunningGateway,
  type TestDealer,
} from './gateway-harness';

interface Accepted {
  activationId: string;
  subscriberId: string;
  correlationId: string;
}

describe('GET /v1/activations/{id} (gateway on real HTTP and PostgreSQL)', () => {
  let gateway: RunningGateway;
  let db: DataSource;
  let dealerA: TestDealer;
  let dealerB: TestDealer;

  beforeAll(async () => {
    ({ gateway, db } = await startTestGateway());
    dealerA = await newDealer(db, 'reader-a');
    dealerB = await newDealer(db, 'reader-b');
  });

  afterAll(async () => {
    await db?.destroy();
    await gateway?.close();
  });

  async function activate(dealer: TestDealer, body = activationBody()): Promise<Accepted> {
    const response = await request(gateway.url)
      .post('/v1/activations')
      .set(dealer.auth)
      .send(body)
      .expect(202);
    return response.body as Accepted;
  }

  it('shows a new activation as acknowledged, with its subscriber id, the masked ICCID and the intake in the timeline', async () => {
    const body = activationBody();
    const { activationId, subscriberId, correlationId } = await activate(dealerA, body);

    const response = await request(gateway.url)
      .get(`/v1/activations/${activationId}`)
      .set(dealerA.auth)
      .expect(200);
    const iccid = body.iccid as string;
    expect(response.body).toEqual({
      activationId,
      subscriberId,
      correlationId,
      state: 'acknowledged',
      step: 'validation',
      iccid: `${iccid.slice(0, 6)}*********${iccid.slice(-4)}`,
      planCode: 'UNL-5G-30',
      requestedAt: expect.any(String),
      updatedAt: expect.any(String),
      timeline: [
        {
          at: expect.any(String),
          kind: 'http-request',
          integrationPoint: 'dealer-portal-to-handoff',
          ownerTeam: 'dealer-ops',
          outcome: 'accepted',
          eventType: EventTypes.ActivationRequested,
        },
      ],
    });
  });

  it("shows the saga's progress: state, step, reason, subscriber and every ledger row of the correlation", async () => {
    const { activationId, correlationId } = await activate(dealerA);
    // What the orchestrator does as the saga moves on: the row and the ledger, same correlation id.
    await db.query(
      `UPDATE activations SET state = 'held', step = 'provisioning', subscriber_id = 'sub-42',
         reason_code = 'MNO.UNAVAILABLE', reason_message = 'MNO outage', owner_team = 'network-ops',
         updated_at = now() WHERE activation_id = $1`,
      [activationId],
    );
    await recordLedger(db, [
      {
        occurredAt: new Date(Date.now() + 1_000),
        correlationId,
        kind: 'vendor-call',
        actor: 'handoff/orchestrator',
        integrationPoint: 'handoff-to-mno',
        ownerTeam: 'network-ops',
        outcome: 'held',
        httpStatus: 503,
      },
    ]);

    const response = await request(gateway.url)
      .get(`/v1/activations/${activationId}`)
      .set(dealerA.auth)
      .expect(200);
    expect(response.body).toMatchObject({
      state: 'held',
      step: 'provisioning',
      subscriberId: 'sub-42',
      reason: { code: 'MNO.UNAVAILABLE', message: 'MNO outage', ownerTeam: 'network-ops' },
    });
    const timeline = (response.body as { timeline: { kind: string; outcome: string }[] }).timeline;
    expect(timeline.map((t) => [t.kind, t.outcome])).toEqual([
      ['http-request', 'accepted'],
      ['vendor-call', 'held'],
    ]);
    expect(timeline[1]).not.toHaveProperty('eventType');
  });

  it("answers 404 for another dealer's activation, exactly as for an unknown id", async () => {
    const { activationId } = await activate(dealerB);

    const theirs = await request(gateway.url)
      .get(`/v1/activations/${activationId}`)
      .set(dealerA.auth)
      .expect(404);
    const unknown = await request(gateway.url)
      .get('/v1/activations/act-00000000-0000-0000-0000-000000000000')
      .set(dealerA.auth)
      .expect(404);
    expect(theirs.body).toEqual({ error: 'not_found', message: 'no such activation' });
    expect(unknown.body).toEqual(theirs.body);
  });

  it.each([
    ['no API key', {}, 'an API key is required'],
    ['an unknown API key', { Authorization: 'Bearer dk_not-a-real-key' }, 'unknown or revoked'],
  ])('answers 401 to a request with %s, on both endpoints', async (_, headers, message) => {
    const post = await request(gateway.url)
      .post('/v1/activations')
      .set(headers)
      .send(activationBody())
      .expect(401);
    const get = await request(gateway.url)
      .get('/v1/activations/act-anything')
      .set(headers)
      .expect(401);
    for (const response of [post, get]) {
      expect(response.body).toEqual({
        error: 'unauthorized',
        message: expect.stringContaining(message),
      });
    }
  });
});
