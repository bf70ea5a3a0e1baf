import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { newApiKey, registerOperator } from '@handoff/access';
import { recordLedger, type LedgerEntry } from '@handoff/audit';
import { startOpsApi, type RunningOpsApi } from '../../../apps/ops/src/ops-api';
import { freshTopics } from '../../support/backbone-harness';
import { bssDeadLetter, cardDataDeadLetter, orchestratorDeadLetter } from './ops-harness';
import { migratedDatabase, waitFor, type TestDatabase } from '../../support/test-infra';

describe('ops HTTP API', () => {
  let db: TestDatabase;
  let api: RunningOpsApi;
  let topics: Awaited<ReturnType<typeof freshTopics>>;
  const keys = { ops: newApiKey('ok'), viewer: newApiKey('ok') };
  const deadLetterUid = randomUUID();
  const savedUrl = process.env.DATABASE_URL;

  beforeAll(async () => {
    db = await migratedDatabase('ops_api');
    await registerOperator(db.dataSource, {
      operatorId: 'olga',
      name: 'Olga Ops',
      apiKey: keys.ops,
      roles: ['ops'],
    });
    await registerOperator(db.dataSource, {
      operatorId: 'victor',
      name: 'Victor Viewer',
      apiKey: keys.viewer,
      roles: ['viewer'],
    });
    topics = await freshTopics('ops-api', [200], 1);
    // A record nobody can decode, dead-lettered with the headers the consumer runner writes.
    await bssDeadLetter(topics, {
      key: 'garbage-1',
      value: Buffer.from('{"not":"avro"}'),
      code: 'MESSAGING.NOT_AVRO',
      stage: 'deserialize',
      originalOffset: '7',
      uid: deadLetterUid,
    });
    await orchestratorDeadLetter(db.dataSource, topics.deadLetter);
    process.env.DATABASE_URL = db.scratch.url;
    api = await startOpsApi({ port: 0 });
  });

  afterAll(async () => {
    await api?.close();
    process.env.DATABASE_URL = savedUrl;
    await db?.close();
  });

  const bearer = (key: string) => ({ Authorization: `Bearer ${key}` });

  it('listens on loopback only when no host is given', () => {
    const { address } = (api.app.getHttpServer() as Server).address() as AddressInfo;
    expect(address).toBe('127.0.0.1');
    expect(api.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  const ref = () => `${topics.deadLetter}/0/0`;

  it('answers 401 without an operator key, on reads and on actions', async () => {
    await request(api.url).get('/v1/dead-letters').expect(401);
    await request(api.url).post('/v1/dead-letters/replay').send({}).expect(401);
    await request(api.url).get('/v1/trace/x').set(bearer('ok_not-a-key')).expect(401);
    const counters = await request(api.url).get('/counters').expect(200);
    expect(counters.body.authFailures).toMatchObject({ missingKey: 2, unknownKey: 1, total: 3 });
  });

  it('refuses replay and discard to an operator without the ops role (403)', async () => {
    const body = { refs: [ref()], reason: 'try' };
    const replay = await request(api.url)
      .post('/v1/dead-letters/replay')
      .set(bearer(keys.viewer))
      .send(body)
      .expect(403);
    expect(replay.body.message).toMatch(/ops role/);
    await request(api.url)
      .post('/v1/dead-letters/discard')
      .set(bearer(keys.viewer))
      .send(body)
      .expect(403);
  });

  it('lists and shows a dead letter to any operator, saying when it cannot be decoded', async () => {
    const list = await request(api.url)
      .get('/v1/dead-letters')
      .query({ group: topics.groupId, status: 'open' })
      .set(bearer(keys.viewer))
      .expect(200);
    expect(list.body).toMatchObject({ complete: true, count: 1 });
    expect(list.body.deadLetters[0]).toMatchObject({
      id: ref(),
      uid: deadLetterUid,
      error: { code: 'MESSAGING.NOT_AVRO' },
      owner: { team: 'billing-ops' },
    });

    const show = await request(api.url)
      .get(`/v1/dead-letters/${ref()}`)
      .set(bearer(keys.viewer))
      .expect(200);
    expect(show.body.payload).toMatchObject({ decoded: false, bytes: 14 });
    expect(show.body.owner.escalation[0]).toMatchObject({ contact: 'pagerduty:billing-ops' });
    await request(api.url)
      .get(`/v1/dead-letters/${topics.deadLetter}/0/99`)
      .set(bearer(keys.viewer))
      .expect(404);
  });

  it('rejects bad input with a 400 that says what is wrong', async () => {
    const noReason = await request(api.url)
      .post('/v1/dead-letters/discard')
      .set(bearer(keys.ops))
      .send({ refs: [ref()] })
      .expect(400);
    expect(JSON.stringify(noReason.body.message)).toMatch(/reason/);
    const badAge = await request(api.url)
      .get('/v1/dead-letters')
      .query({ olderThan: 'yesterday' })
      .set(bearer(keys.ops))
      .expect(400);
    expect(JSON.stringify(badAge.body.message)).toMatch(/not a duration/);
    await request(api.url)
      .post('/v1/dead-letters/replay')
      .set(bearer(keys.ops))
      .send({ refs: ['not-a-ref'], reason: 'x' })
      .expect(400);
  });

  it('names, in a dry run, the vendor calls the saga would make for a dead-lettered activation', async () => {
    const dry = await request(api.url)
      .post('/v1/dead-letters/replay')
      .set(bearer(keys.ops))
      .send({ refs: [`${topics.deadLetter}/0/1`], reason: 'look', dryRun: true })
      .expect(200);
    expect(dry.body.results[0]).toMatchObject({
      outcome: 'would-replay',
      consumerGroup: 'handoff.orchestrator',
      dryRun: { passesValidation: true, targetTopic: 'handoff.orchestrator.retry-1' },
    });
    const calls = (dry.body.results[0].dryRun.vendorCalls as { step: string; call: string }[]).map(
      (c) => `${c.step} ${c.call}`,
    );
    expect(calls).toEqual(
      expect.arrayContaining([
        'validation geocode',
        'taxQuote calculate',
        'paymentAuthorization createIntent',
        'provisioning createOrder',
        'paymentCapture captureIntent',
        'taxCommit commit',
        'compensation cancelIntent',
      ]),
    );
  });

  it('refuses to replay a record that would fail again at once, and discards it with a reason', async () => {
    const dry = await request(api.url)
      .post('/v1/dead-letters/replay')
      .set(bearer(keys.ops))
      .send({ refs: [ref()], reason: 'look', dryRun: true })
      .expect(200);
    expect(dry.body.results[0]).toMatchObject({
      outcome: 'refused',
      dryRun: { passesValidation: false, alreadyApplied: null },
    });

    const discard = await request(api.url)
      .post('/v1/dead-letters/discard')
      .set(bearer(keys.ops))
      .send({ refs: [ref()], reason: 'POISON.GARBAGE: not an event' })
      .expect(200);
    expect(discard.body.results[0]).toMatchObject({ outcome: 'discarded' });
    const [action] = await db.dataSource.query<{ operator_id: string; action: string }[]>(
      'SELECT operator_id, action FROM dead_letter_actions',
    );
    expect(action).toEqual({ operator_id: 'olga', action: 'discard' });
    await waitFor('the discard in the ledger', async () => {
      const rows = await db.dataSource.query<unknown[]>(
        "SELECT 1 FROM audit_ledger WHERE kind = 'discard' AND actor = 'operator:olga'",
      );
      return rows.length === 1;
    });
  });

  it('returns the trace of a correlation id in order, each step with its owner, to a viewer', async () => {
    const step = (at: number, over: Partial<LedgerEntry>): LedgerEntry => ({
      occurredAt: new Date(at),
      correlationId: 'corr-api-1',
      kind: 'event-published',
      actor: 'handoff/gateway',
      integrationPoint: 'dealer-portal-to-handoff',
      ownerTeam: 'dealer-ops',
      outcome: 'ok',
      ...over,
    });
    await recordLedger(db.dataSource, [
      step(3_000, {
        kind: 'vendor-call',
        actor: 'handoff/orchestrator',
        integrationPoint: 'handoff-to-mno',
        ownerTeam: 'network-ops',
        httpStatus: 201,
      }),
      step(1_000, { kind: 'http-request', httpStatus: 202 }),
      step(2_000, { eventId: 'e-1', eventType: 'handoff.activation.ActivationRequested' }),
      step(4_000, {
        eventId: 'e-2',
        eventType: 'handoff.activation.SubscriberActivated',
        actor: 'handoff/orchestrator',
        integrationPoint: 'handoff-to-bss',
        ownerTeam: 'billing-ops',
      }),
    ]);

    const trace = await request(api.url)
      .get('/v1/trace/corr-api-1')
      .set(bearer(keys.viewer))
      .expect(200);
    const { steps } = trace.body as {
      steps: { kind: string; integrationPoint: string; ownerTeamName: string }[];
    };
    expect(steps.map((s) => [s.kind, s.integrationPoint, s.ownerTeamName])).toEqual([
      ['http-request', 'dealer-portal-to-handoff', 'Dealer Operations'],
      ['event-published', 'dealer-portal-to-handoff', 'Dealer Operations'],
      ['vendor-call', 'handoff-to-mno', 'Network Operations'],
      ['event-published', 'handoff-to-bss', 'Billing Operations'],
    ]);
    await request(api.url).get('/v1/trace/corr-unknown').set(bearer(keys.viewer)).expect(404);
  });

  it('publishes its OpenAPI document at /docs', async () => {
    const doc = await request(api.url).get('/docs-json').expect(200);
    expect(Object.keys((doc.body as { paths: object }).paths)).toEqual(
      expect.arrayContaining([
        '/v1/dead-letters',
        '/v1/dead-letters/replay',
        '/v1/dead-letters/discard',
        '/v1/trace/{correlationId}',
      ]),
    );
  });

  it('filters the list by error code, combined with the other filters, any code accepted', async () => {
    await cardDataDeadLetter(topics);
    const list = (query: Record<string, string>) =>
      request(api.url).get('/v1/dead-letters').query(query).set(bearer(keys.viewer)).expect(200);
    const refused = await list({ group: topics.groupId, code: 'CARD_DATA_REFUSED' });
    expect(refused.body).toMatchObject({ complete: true, count: 1 });
    expect(refused.body.deadLetters[0]).toMatchObject({
      id: `${topics.deadLetter}/0/2`,
      error: { code: 'CARD_DATA_REFUSED', stage: 'validate' },
    });
    const notAvro = await list({ group: topics.groupId, code: 'MESSAGING.NOT_AVRO' });
    expect(notAvro.body).toMatchObject({ count: 1, deadLetters: [{ id: ref() }] });
    const combined = { group: topics.groupId, code: 'CARD_DATA_REFUSED', errorClass: 'permanent' };
    expect((await list({ ...combined, status: 'open' })).body.count).toBe(1);
    expect((await list({ ...combined, status: 'discarded' })).body.count).toBe(0);
    expect((await list({ group: topics.groupId, code: 'NO.SUCH_CODE' })).body.count).toBe(0);
    const empty = await request(api.url)
      .get('/v1/dead-letters')
      .query({ code: ' ' })
      .set(bearer(keys.viewer))
      .expect(400);
    expect(JSON.stringify(empty.body.message)).toMatch(/code/);

    const doc = await request(api.url).get('/docs-json').expect(200);
    const listing = (
      doc.body as { paths: Record<string, { get: { parameters: { name: string }[] } }> }
    ).paths['/v1/dead-letters'].get;
    expect(listing.parameters.map((p) => p.name)).toContain('code');
  });

  it('answers the KPIs of a period to a viewer, and a 400 naming the format for a period it cannot read', async () => {
    const server = api.app.getHttpServer() as Server;
    const refused = await request(server).get('/v1/kpis?period=2026-13').set(bearer(keys.viewer));
    expect(refused.status).toBe(400);
    expect(JSON.stringify(refused.body)).toContain('a month (2026-11) or an ISO week (2026-W48)');

    // One incident at the MNO point escalated twice in 2026-W48, once the week after.
    await db.dataSource.query(
      `INSERT INTO ops_incidents (incident_id, kind, integration_point, operation, opened_at)
       VALUES ('inc-kpi', 'slaBreach', 'handoff-to-mno', 'availability', '2026-11-24T10:00:00Z')`,
    );
    await db.dataSource.query(
      `INSERT INTO ops_escalations (incident_id, level, who, contact, after_ms, raised_at)
       VALUES ('inc-kpi', 0, 'on-call', 'pagerduty:x', 0, '2026-11-24T10:00:00Z'),
              ('inc-kpi', 1, 'duty manager', 'pagerduty:y', 1800000, '2026-11-24T10:30:00Z'),
              ('inc-kpi', 2, 'head', 'phone:+1-415-555-0100', 3600000, '2026-12-01T10:00:00Z')`,
    );
    const week = await request(server).get('/v1/kpis?period=2026-W48').set(bearer(keys.viewer));
    expect(week.status).toBe(200);
    expect(week.body).toMatchObject({
      period: {
        label: '2026-W48',
        from: '2026-11-23T00:00:00.000Z',
        to: '2026-11-30T00:00:00.000Z',
      },
      fallout: { requested: expect.any(Number) },
      unbilled: { afterDays: 7 },
      deadLetters: { total: expect.any(Number), byOwner: expect.any(Array) },
      escalations: {
        total: 2,
        perWeek: 2,
        byPoint: [{ integrationPoint: 'handoff-to-mno', raised: 2 }],
      },
      cdrFeed: { delaySeconds: null },
    });
    expect((await request(server).get('/v1/kpis')).status).toBe(401);
  });
});
