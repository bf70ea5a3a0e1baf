import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { newApiKey, registerOperator } from '@handoff/access';
import { readTrace } from '@handoff/audit';
import { EventTypes } from '@handoff/contracts';
import { CeHeaders, Topics, type Backbone } from '@handoff/messaging';
import {
  startAuditLedger,
  type RunningAuditLedger,
} from '../../../apps/audit-ledger/src/start-audit-ledger';
import { startOpsApi, type RunningOpsApi } from '../../../apps/ops/src/ops-api';
import { testBackbone } from '../../support/backbone-harness';
import { activationRequested, samplePayload } from '../../support/samples';
import { migratedDatabase, uniqueName, waitFor, type TestDatabase } from '../../support/test-infra';
import { ensureGroupTopics } from './ops-harness';

describe('audit-ledger service', () => {
  let db: TestDatabase;
  let ledger: RunningAuditLedger;
  let api: RunningOpsApi;
  let producer: Backbone;
  const savedUrl = process.env.DATABASE_URL;

  beforeAll(async () => {
    db = await migratedDatabase('audit_ledger');
    const groupId = uniqueName('audit-ledger');
    await ensureGroupTopics(groupId, [200]);
    process.env.DATABASE_URL = db.scratch.url;
    // A group of its own reads every business topic from the start: older records of other
    // runs land in this test's database too, which is harmless.
    ledger = await startAuditLedger({ groupId, retryDelaysMs: [200] });
    api = await startOpsApi({ port: 0 });
    producer = testBackbone(db.dataSource);
  });

  afterAll(async () => {
    await producer?.close();
    await api?.close();
    await ledger?.close();
    process.env.DATABASE_URL = savedUrl;
    await db?.close();
  });

  it('records every event it consumes once, in its correlation chain, without personal data', async () => {
    const subject = `sub-${randomUUID()}`;
    const requested = activationRequested(Topics.SubscriberLifecycle, subject);
    const record = producer.stamper.stamp(requested);
    await producer.producer.send([record, record]); // the second is a duplicate delivery
    const cause = producer.codec.fromRecord({
      ...record,
      partition: 0,
      offset: '0',
      timestamp: '0',
    });
    const activated = {
      type: EventTypes.SubscriberActivated,
      subject,
      data: { ...samplePayload(EventTypes.SubscriberActivated), subjectId: subject },
    };
    const payment = {
      type: EventTypes.PaymentRequested,
      subject,
      data: { ...samplePayload(EventTypes.PaymentRequested), subjectId: subject },
    };
    await producer.publishNow([activated], cause);
    await new Promise((r) => setTimeout(r, 10)); // distinct event times: the trace orders by them
    await producer.publishNow([payment], cause);

    // The duplicate sits before SubscriberActivated in the same partition (same key), so once that
    // is recorded the duplicate has been consumed too.
    const rows = await waitFor('three ledger rows', async () => {
      const trace = await readTrace(db.dataSource, requested.id!);
      return trace.length === 3 && trace;
    });
    expect(rows.map((r) => r.eventType)).toEqual([
      EventTypes.ActivationRequested,
      EventTypes.SubscriberActivated,
      EventTypes.PaymentRequested,
    ]);
    expect(rows[0]).toMatchObject({
      kind: 'event-published',
      actor: 'handoff/test',
      eventId: requested.id,
      integrationPoint: 'test-point',
      ownerTeam: 'test-team',
      outcome: 'ok',
      summary: expect.objectContaining({ activationId: expect.any(String) }),
    });
    expect(rows[1].causationId).toBe(requested.id);
    const iccid = (requested.data as { iccid: string }).iccid;
    expect(JSON.stringify(rows)).not.toContain(iccid);
  });

  it('serves what it recorded through the ops trace endpoint', async () => {
    const key = newApiKey('ok');
    await registerOperator(db.dataSource, {
      operatorId: 'vera',
      name: 'Vera',
      apiKey: key,
      roles: ['viewer'],
    });
    const requested = producer.stamper.stamp(
      activationRequested(Topics.SubscriberLifecycle, `sub-${randomUUID()}`),
    );
    await producer.producer.send([requested]);
    const correlationId = requested.headers[CeHeaders.correlationId];
    await waitFor(
      'the ledger row',
      async () => (await readTrace(db.dataSource, correlationId)).length === 1,
    );

    const res = await request(api.url)
      .get(`/v1/trace/${correlationId}`)
      .set({ Authorization: `Bearer ${key}` })
      .expect(200);
    expect((res.body as { steps: unknown[] }).steps).toEqual([
      expect.objectContaining({
        kind: 'event-published',
        eventType: EventTypes.ActivationRequested,
        ownerTeam: 'test-team',
      }),
    ]);
  });
});
