import { PassThrough } from 'node:stream';
import type { DataSource } from 'typeorm';
import { Topics } from '@handoff/messaging';
import { TopicTap } from '../../support/backbone-harness';
import {
  holdsCardNumber,
  newCardNumber,
  spacedInFours,
  tablesHolding,
} from '../../support/card-numbers';
import { waitFor } from '../../support/test-infra';
import {
  activationBody,
  newDealer,
  startTestGateway,
  writesFor,
  type RunningGateway,
  type TestDealer,
} from './gateway-harness';

describe('a card number sent to the gateway (plain HTTP, real PostgreSQL and Kafka)', () => {
  let gateway: RunningGateway;
  let db: DataSource;
  let lifecycle: TopicTap;
  let dealer: TestDealer;
  let logs = '';

  beforeAll(async () => {
    const logDestination = new PassThrough();
    logDestination.on('data', (chunk: Buffer) => (logs += chunk.toString('utf8')));
    ({ gateway, db } = await startTestGateway({ logLevel: 'debug', logDestination }));
    lifecycle = await TopicTap.open(Topics.SubscriberLifecycle, { fromNow: true });
    dealer = await newDealer(db, 'card');
  });

  afterAll(async () => {
    await lifecycle?.close();
    await db?.destroy();
    await gateway?.close();
  });

  const post = (body: Record<string, unknown>) =>
    fetch(`${gateway.url}/v1/activations`, {
      method: 'POST',
      headers: { ...dealer.auth, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  it('is answered 400 naming the field, and reaches no table, topic or log', async () => {
    const pan = newCardNumber();
    const refused = activationBody({ dealerReference: `card ${spacedInFours(pan)}` });
    const response = await post(refused);

    expect(response.status).toBe(400);
    const answer = (await response.json()) as { error: string; fields: { field: string }[] };
    expect(answer).toMatchObject({ error: 'invalid_request' });
    expect(answer.fields.map((f) => f.field)).toEqual(['dealerReference']);
    expect(JSON.stringify(answer)).not.toContain(pan.slice(0, 4));

    // A valid ICCID in the next request passes, and once its event is out, the refused one would be.
    const accepted = activationBody();
    expect((await post(accepted)).status).toBe(202);
    await waitFor('the accepted request published', () =>
      lifecycle.records.some((r) => holdsCardNumber(r.value, accepted.iccid as string)),
    );
    expect(await writesFor(db, refused.iccid as string)).toEqual({ activations: 0, outbox: 0 });
    expect(lifecycle.records.filter((r) => holdsCardNumber(r.value, pan))).toEqual([]);
    expect(await tablesHolding(db, pan)).toEqual([]);
    expect(logs).toContain('"statusCode":400');
    expect(holdsCardNumber(logs, pan)).toBe(false);
  });
});
