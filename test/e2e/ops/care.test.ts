import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { MetadataScanner, ModulesContainer } from '@nestjs/core';
import request from 'supertest';
import { newApiKey, registerOperator } from '@handoff/access';
import type { DiagnosticView } from '@handoff/care';
import { startOpsApi, type RunningOpsApi } from '../../../apps/ops/src/ops-api';
import { bssActivation, newIccid } from '../../support/activation-requests';
import { startSagaStack, type SagaStack } from '../../support/saga-stack';
import { migratedDatabase, waitFor, type TestDatabase } from '../../support/test-infra';
import { runOpsCli } from './ops-harness';

interface Route {
  method: string;
  path: string;
}

/**
 * Every route of the running application, from Nest's own table: each controller of each module
 * the app loaded, each handler's path and HTTP method as Nest registered them. Nothing is listed
 * by hand, so a write route added later is checked without touching this test.
 */
function routeTable(api: RunningOpsApi): Route[] {
  const modules = api.app.get(ModulesContainer);
  const scanner = new MetadataScanner();
  const routes: Route[] = [];
  for (const module of modules.values()) {
    for (const { metatype, instance } of module.controllers.values()) {
      if (!metatype || !instance) continue;
      const base = pathsOf(Reflect.getMetadata(PATH_METADATA, metatype));
      const prototype = Object.getPrototypeOf(instance) as Record<string, unknown>;
      for (const name of scanner.getAllMethodNames(prototype)) {
        const handler = prototype[name] as object;
        const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
        if (method === undefined) continue;
        for (const path of pathsOf(Reflect.getMetadata(PATH_METADATA, handler))) {
          const full = `/${[...base, path].join('/')}`.replace(/\/+/g, '/').replace(/\/$/, '');
          routes.push({
            method: RequestMethod[method].toLowerCase(),
            path: full.replace(/:\w+/g, 'x'),
          });
        }
      }
    }
  }
  return routes;
}

function pathsOf(metadata: unknown): string[] {
  const paths = Array.isArray(metadata) ? metadata : [metadata ?? ''];
  return paths.map((p) => String(p).replace(/^\/|\/$/g, ''));
}

const send = (api: RunningOpsApi, { method, path }: Route, key: string) =>
  request(api.url)[method as 'post' | 'get'](path).set('Authorization', `Bearer ${key}`).send({});

describe('care: a read-only diagnostic view of one subscriber (real Kafka, PostgreSQL, HTTP)', () => {
  let stack: SagaStack;
  let db: TestDatabase;
  let api: RunningOpsApi;
  const careKey = newApiKey('ok');
  const opsKey = newApiKey('ok');
  const careAgent = `carla-${Date.now()}`;
  const saved = { ...process.env };

  beforeAll(async () => {
    // A database of its own: the watcher opens an MNO incident during the outage test, which
    // other tests must not find open, and the status sentence must not name theirs.
    db = await migratedDatabase('care');
    process.env.DATABASE_URL = db.scratch.url;
    // A long breaker reset keeps the orchestrator's MNO breaker open for the outage test.
    stack = await startSagaStack([200, 400, 800], 60_000);
    await registerOperator(db.dataSource, {
      operatorId: careAgent,
      name: 'Carla Care',
      apiKey: careKey,
      roles: ['care'],
    });
    await registerOperator(db.dataSource, {
      operatorId: `olga-${Date.now()}`,
      name: 'Olga Ops',
      apiKey: opsKey,
      roles: ['ops'],
    });
    process.env.MNO_BASE_URL = stack.mno.tmfBaseUrl;
    process.env.CARE_LINE_READS_PER_MINUTE = '2';
    process.env.OPS_WATCH_INTERVAL_MS = '250';
    process.env.OPS_PROBE_EVERY = '500ms';
    api = await startOpsApi({ port: 0 });
  });

  afterAll(async () => {
    await api?.close();
    process.env = saved;
    await stack?.close();
    await db?.close();
  });

  const lookUp = (identifier: string, key = careKey) =>
    request(api.url)
      .get(`/v1/care/subscribers/${encodeURIComponent(identifier)}`)
      .set('Authorization', `Bearer ${key}`);

  it('answers 403 to a care key on every write route and every ops read, from the route table', async () => {
    const routes = routeTable(api);
    const writes = routes.filter((r) => r.method !== 'get' && r.method !== 'head');
    expect(writes.map((r) => r.path)).toEqual(
      expect.arrayContaining(['/v1/dead-letters/replay', '/v1/activations/redrive']),
    );
    for (const route of writes) {
      const answer = await send(api, route, careKey);
      expect({ route, status: answer.status }).toEqual({ route, status: 403 });
    }
    const opsReads = routes.filter(
      (r) =>
        r.method === 'get' &&
        r.path.startsWith('/v1/') &&
        !r.path.startsWith('/v1/care/subscribers'),
    );
    expect(opsReads.length).toBeGreaterThan(5);
    for (const route of opsReads) {
      const answer = await send(api, route, careKey);
      expect({ route, status: answer.status }).toEqual({ route, status: 403 });
    }
  });

  it('shows an active line masked to the last four digits, and audits every look-up', async () => {
    const event = bssActivation(newIccid());
    const { iccid, subscriberId } = event.data;
    await stack.bss.publishNow([event]);
    const line = await waitFor(
      'the line to be active',
      async () => {
        const [row] = await db.dataSource.query<{ msisdn: string | null; imsi: string | null }[]>(
          `SELECT msisdn, imsi FROM subscribers WHERE subscriber_id = $1 AND state = 'active'`,
          [subscriberId],
        );
        return row?.msisdn ? row : undefined;
      },
      120_000,
    );
    const msisdn = line.msisdn!;

    for (const identifier of [msisdn, iccid, subscriberId!]) {
      const answer = await lookUp(identifier).expect(200);
      const body = JSON.stringify(answer.body);
      for (const raw of [msisdn, iccid, line.imsi!, subscriberId!]) expect(body).not.toContain(raw);
      const view = answer.body as DiagnosticView;
      expect(view.subscriber.msisdn).toBe(`${'*'.repeat(msisdn.length - 4)}${msisdn.slice(-4)}`);
      expect(view.subscriber.iccid?.endsWith(iccid.slice(-4))).toBe(true);
      expect(view.status).toBe('Line active, nothing open');
      expect(view.line.mno).toMatchObject({ read: 'found', state: 'active' });
      expect(view.handoffs.length).toBeGreaterThan(0);
    }
    await lookUp('+19999999999').expect(404);
    const cli = await runOpsCli(['care', 'show', msisdn], { HANDOFF_OPERATOR_KEY: careKey });
    expect(cli.stdout.split('\n')[0]).toBe('Line active, nothing open');
    for (const raw of [msisdn, iccid, subscriberId!]) expect(cli.stdout).not.toContain(raw);

    const audit = await request(api.url)
      .get(`/v1/care/lookups/${encodeURIComponent(msisdn)}`)
      .set('Authorization', `Bearer ${opsKey}`)
      .expect(200);
    const lookups = (audit.body as { lookups: { by: string; outcome: string }[] }).lookups;
    // Three over the API, one from the CLI.
    expect(
      lookups.filter((l) => l.by === `operator:${careAgent}` && l.outcome === 'found'),
    ).toHaveLength(4);
    const [notFound] = await db.dataSource.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM audit_ledger
        WHERE kind = 'care-lookup' AND outcome = 'not-found' AND actor = $1
          AND subject_ref = audit_subject_ref('+19999999999')`,
      [`operator:${careAgent}`],
    );
    expect(notFound.n).toBe(1);
    await request(api.url)
      .get(`/v1/care/lookups/${encodeURIComponent(msisdn)}`)
      .set('Authorization', `Bearer ${careKey}`)
      .expect(403);
  });

  it('limits fresh MNO line reads per key: 429 with Retry-After past the minute allowance', async () => {
    const event = bssActivation(newIccid());
    await stack.bss.publishNow([event]);
    const subscriberId = event.data.subscriberId!;
    await waitFor(
      'the line to be active',
      async () => {
        const rows = await db.dataSource.query<unknown[]>(
          `SELECT 1 FROM subscribers WHERE subscriber_id = $1 AND state = 'active'`,
          [subscriberId],
        );
        return rows.length > 0;
      },
      120_000,
    );
    const fresh = () =>
      request(api.url)
        .get(`/v1/care/subscribers/${subscriberId}/mno-line`)
        .set('Authorization', `Bearer ${careKey}`);
    for (let i = 0; i < 2; i += 1) {
      const answer = await fresh().expect(200);
      expect(answer.body).toMatchObject({ mno: { read: 'found', state: 'active' } });
    }
    const limited = await fresh().expect(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    const [row] = await db.dataSource.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM audit_ledger WHERE kind = 'care-lookup' AND outcome = 'rate-limited' AND actor = $1`,
      [`operator:${careAgent}`],
    );
    expect(row.n).toBe(1);
  });
});
