import { randomBytes } from 'node:crypto';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { hashApiKey } from '@handoff/access';
import {
  activationBody,
  newDealer,
  runDealersCli,
  startTestGateway,
  type RunningGateway,
  type TestDealer,
} from './gateway-harness';

interface OpenApiDocument {
  paths: Record<
    string,
    Record<
      string,
      {
        responses: Record<string, unknown>;
        security?: unknown[];
        parameters?: { name: string; in: string }[];
      }
    >
  >;
  components: { securitySchemes: Record<string, { type: string; scheme: string }> };
}

describe('gateway surface: health, OpenAPI, malformed input, dealer CLI', () => {
  let gateway: RunningGateway;
  let db: DataSource;
  let dealer: TestDealer;

  beforeAll(async () => {
    ({ gateway, db } = await startTestGateway());
    dealer = await newDealer(db, 'surface');
  });

  afterAll(async () => {
    await db?.destroy();
    await gateway?.close();
  });

  it('reports healthy without an API key when the database answers', async () => {
    const response = await request(gateway.url).get('/health').expect(200);
    expect(response.body).toEqual({ status: 'ok', checks: { database: 'up' } });
  });

  it('serves an OpenAPI document with the bearer scheme and the error answers', async () => {
    const response = await request(gateway.url).get('/docs-json').expect(200);
    const document = response.body as OpenApiDocument;
    expect(document.components.securitySchemes['dealer-api-key']).toMatchObject({
      type: 'http',
      scheme: 'bearer',
    });
    const create = document.paths['/v1/activations'].post;
    expect(Object.keys(create.responses).sort()).toEqual(['202', '400', '401', '409', '429']);
    expect(create.security).toEqual([{ 'dealer-api-key': [] }]);
    const read = document.paths['/v1/activations/{activationId}'].get;
    expect(Object.keys(read.responses).sort()).toEqual(['200', '401', '404', '429']);
    const list = document.paths['/v1/activations'].get;
    expect(Object.keys(list.responses).sort()).toEqual(['200', '400', '401', '429']);
    expect(list.parameters?.map((p) => `${p.in}:${p.name}`).sort()).toEqual(
      ['cursor', 'limit', 'requestedFrom', 'requestedTo', 'state'].map((name) => `query:${name}`),
    );
    const change = document.paths['/v1/subscribers/{subscriberId}/plan-change'].post;
    expect(Object.keys(change.responses).sort()).toEqual([
      '202',
      '400',
      '401',
      '404',
      '409',
      '429',
    ]);
    expect(change.security).toEqual([{ 'dealer-api-key': [] }]);
    const follow = document.paths['/v1/subscribers/{subscriberId}/plan-changes/{requestId}'].get;
    expect(Object.keys(follow.responses).sort()).toEqual(['200', '401', '404', '429']);
    await request(gateway.url).get('/docs').expect(200).expect('content-type', /html/);
  });

  it('answers malformed JSON with 400 malformed_json, and writes nothing', async () => {
    const response = await request(gateway.url)
      .post('/v1/activations')
      .set(dealer.auth)
      .set('Content-Type', 'application/json')
      .send('{"iccid": "8901", "planCode": ')
      .expect(400);
    expect(response.body).toEqual({
      error: 'malformed_json',
      message: expect.stringContaining('not valid JSON'),
    });
  });

  it('answers a body that is not JSON at all with 400 naming the body', async () => {
    const response = await request(gateway.url)
      .post('/v1/activations')
      .set(dealer.auth)
      .set('Content-Type', 'text/plain')
      .send('activate please')
      .expect(400);
    expect(response.body).toMatchObject({
      error: 'invalid_request',
      fields: [{ field: 'body', message: 'must be a JSON object' }],
    });
  });

  it('registers a dealer from the CLI with a key, shown once, that the gateway accepts', async () => {
    const dealerId = `e2e-cli-${randomBytes(4).toString('hex')}`;
    const { code, output } = await runDealersCli(['add', '--id', dealerId, '--name', 'CLI Dealer']);
    expect({ code, output }).toMatchObject({ code: 0 });
    const apiKey = /^(dk_\S+)$/m.exec(output)?.[1];
    expect(apiKey).toBeDefined();
    const [row] = await db.query<{ api_key_hash: string }[]>(
      'SELECT api_key_hash FROM dealers WHERE dealer_id = $1',
      [dealerId],
    );
    expect(row?.api_key_hash).toBe(hashApiKey(apiKey!));

    await request(gateway.url)
      .post('/v1/activations')
      .set({ Authorization: `Bearer ${apiKey}` })
      .send(activationBody())
      .expect(202);
  });

  it('refuses to re-key an existing dealer from the CLI unless told to', async () => {
    const { code, output } = await runDealersCli([
      'add',
      '--id',
      dealer.dealerId,
      '--name',
      'Again',
    ]);
    expect(code).toBe(1);
    expect(output).toContain('--rekey');
    await request(gateway.url).get('/v1/activations/act-x').set(dealer.auth).expect(404);
  });
});
