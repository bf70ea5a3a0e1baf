import { PassThrough } from 'node:stream';
import type { DataSource } from 'typeorm';
import { newApiKey } from '@handoff/access';
import { waitFor } from '../../support/test-infra';
import {
  activationBody,
  newDealer,
  startTestGateway,
  writesFor,
  type RunningGateway,
  type TestDealer,
} from './gateway-harness';

type LogLine = Record<string, unknown> & {
  msg?: string;
  req?: { headers?: Record<string, string> };
};

interface Counters {
  authFailures: { total: number; missingKey: number; unknownKey: number };
  rateLimited: number;
}

const LIMIT = 3;

describe('gateway safety: per-dealer rate limit, refused keys counted and logged without the key', () => {
  let gateway: RunningGateway;
  let db: DataSource;
  let busy: TestDealer;
  let calm: TestDealer;
  const lines: LogLine[] = [];

  beforeAll(async () => {
    const logDestination = new PassThrough();
    logDestination.on('data', (chunk: Buffer) => {
      for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) {
        lines.push(JSON.parse(line) as LogLine);
      }
    });
    ({ gateway, db } = await startTestGateway({
      rateLimitPerMinute: LIMIT,
      logLevel: 'info',
      logDestination,
    }));
    busy = await newDealer(db, 'busy');
    calm = await newDealer(db, 'calm');
  });

  afterAll(async () => {
    await db?.destroy();
    await gateway?.close();
  });

  const read = (headers: Record<string, string>) =>
    fetch(`${gateway.url}/v1/activations/act-unknown`, { headers });
  const create = (headers: Record<string, string>, body = activationBody()) =>
    fetch(`${gateway.url}/v1/activations`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  const counters = async () => (await (await fetch(`${gateway.url}/counters`)).json()) as Counters;

  it('answers 429 with Retry-After once a dealer is over its limit, on every route', async () => {
    for (let i = 0; i < LIMIT; i += 1) expect((await read(busy.auth)).status).toBe(404);

    const over = await read(busy.auth);
    expect(over.status).toBe(429);
    const retryAfter = Number(over.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(await over.json()).toMatchObject({
      error: 'rate_limited',
      message: expect.stringContaining(`over ${LIMIT} requests per minute`),
    });

    const body = activationBody();
    expect((await create(busy.auth, body)).status).toBe(429);
    expect(await writesFor(db, body.iccid as string)).toEqual({ activations: 0, outbox: 0 });
    expect((await counters()).rateLimited).toBe(2);
  });

  it('leaves another dealer its own budget while the first is limited', async () => {
    const headers = { 'x-api-key': calm.apiKey };
    expect((await create(headers)).status).toBe(202);
    expect((await read(headers)).status).toBe(404);
    expect((await read(busy.auth)).status).toBe(429);
  });

  it('refuses a bad key with 401, counts it, and logs it without the key', async () => {
    const before = await counters();
    const badKey = newApiKey('dk');

    const viaHeader = await create({ 'x-api-key': badKey });
    const viaBearer = await read({ Authorization: `Bearer ${badKey}` });
    const without = await read({});

    expect([viaHeader.status, viaBearer.status, without.status]).toEqual([401, 401, 401]);
    expect(await viaHeader.json()).toMatchObject({ error: 'unauthorized' });
    const after = await counters();
    expect(after.authFailures).toEqual({
      total: before.authFailures.total + 3,
      missingKey: before.authFailures.missingKey + 1,
      unknownKey: before.authFailures.unknownKey + 2,
    });

    const refusals = await waitFor('three refusals logged', () => {
      const found = lines.filter((l) => l.msg === 'authentication failed');
      return found.length >= 3 && found;
    });
    expect(refusals.map((l) => l.reason)).toEqual(['unknown-key', 'unknown-key', 'missing-key']);
    expect(refusals[0]).toMatchObject({ level: 'warn', method: 'POST', path: '/v1/activations' });
    await waitFor('the refused request logged', () =>
      lines.some((l) => l.msg === 'request completed' && l.req?.headers?.['x-api-key']),
    );
    const logged = JSON.stringify(lines);
    expect(logged).not.toContain(badKey);
    expect(logged).not.toContain(calm.apiKey);
    expect(logged).not.toContain(busy.apiKey);
    const withHeader = lines.filter((l) => l.req?.headers?.['x-api-key'] !== undefined);
    expect(withHeader.map((l) => l.req?.headers?.['x-api-key'])).toEqual(
      withHeader.map(() => '[Redacted]'),
    );
  });
});
