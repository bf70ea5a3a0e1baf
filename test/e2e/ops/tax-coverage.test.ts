import { createServer } from 'node:net';
import request from 'supertest';
import { newApiKey, registerOperator } from '@handoff/access';
import { startOpsApi, type RunningOpsApi } from '../../../apps/ops/src/ops-api';
import { migratedDatabase, type TestDatabase } from '../../support/test-infra';
import { TAX, type TaxTestClient, useTaxSimulator } from '../tax-simulator/tax-simulator.harness';
import { runOpsCli } from './ops-harness';

interface JsonReport {
  places: { jurisdiction: string; status: string; engine?: { taxRuleCount: number } }[];
  gaps: {
    jurisdiction: string;
    status: string;
    owner: { team: string; integrationPoint: string; escalation: { contact: string } };
  }[];
}

const GUAM = 'US-GU-HAGATNA';

describe('ops tax coverage', () => {
  let tax: TaxTestClient;
  useTaxSimulator((started) => (tax = started));
  const env = () => ({ TAX_BASE_URL: `${tax.url}${TAX}`, LOG_LEVEL: 'error' });

  it('names Guam as a gap with the tax integration owner, and exits 1', async () => {
    const run = await runOpsCli(['tax', 'coverage'], env());

    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/6 of 7 places sold in are taxed by the engine/);
    expect(run.stdout).toMatch(/US-GU-HAGATNA\s+untaxed\s+0/);
    expect(run.stdout).toMatch(/Gaps \(1\):\n {2}GU Hagåtña \(US-GU-HAGATNA\)/);
    expect(run.stdout).toMatch(/owner: Billing Operations \(billing-ops, slack:#billing-ops\)/);
    expect(run.stdout).toMatch(/escalate to: Billing Ops on-call \(pagerduty:billing-ops\)/);

    const json = await runOpsCli(['tax', 'coverage', '--json'], env());
    expect(json.code).toBe(1);
    const report = JSON.parse(json.stdout) as JsonReport;
    expect(report.gaps).toEqual([
      expect.objectContaining({
        jurisdiction: GUAM,
        status: 'untaxed',
        owner: expect.objectContaining({
          team: 'billing-ops',
          integrationPoint: 'handoff-to-tax-engine',
          escalation: expect.objectContaining({ contact: 'pagerduty:billing-ops' }),
        }),
      }),
    ]);
    const seattle = report.places.find((p) => p.jurisdiction === 'US-WA-SEATTLE');
    expect(seattle).toMatchObject({ status: 'covered' });
    expect(seattle?.engine?.taxRuleCount).toBeGreaterThan(0);
  });

  it('reports no gap and exits 0 once the tax team loads Guam, and the gap again when removed', async () => {
    expect((await tax.call('PUT', `/admin/coverage/${GUAM}`)).status).toBe(200);

    const fixed = await runOpsCli(['tax', 'coverage', '--json'], env());
    expect(fixed.code).toBe(0);
    const report = JSON.parse(fixed.stdout) as JsonReport;
    expect(report.gaps).toEqual([]);
    expect(report.places.find((p) => p.jurisdiction === GUAM)).toMatchObject({
      status: 'covered',
      engine: { taxRuleCount: 3 },
    });

    expect((await tax.call('DELETE', `/admin/coverage/${GUAM}`)).status).toBe(200);
    expect((await runOpsCli(['tax', 'coverage'], env())).code).toBe(1);
  });

  it('says the tax engine cannot be reached, without a stack, and exits 2', async () => {
    const closedPort = await freePort();
    const run = await runOpsCli(['tax', 'coverage'], {
      TAX_BASE_URL: `http://127.0.0.1:${closedPort}${TAX}`,
      TAX_RETRY_ATTEMPTS: '1',
      LOG_LEVEL: 'error',
    });

    expect(run.code).toBe(2);
    expect(run.stderr.trim()).toMatch(/^ops: tax coverage not checked: TAX\.UNREACHABLE: /);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(run.stdout).toBe('');
  });

  it('refuses an invalid sales footprint by name, exiting 2', async () => {
    const run = await runOpsCli(['tax', 'coverage'], {
      ...env(),
      OPS_SALES_FOOTPRINT_PATH: '/nonexistent/sales-footprint.yaml',
    });

    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/sales footprint \/nonexistent\/sales-footprint\.yaml: cannot read/);
  });

  describe('over the ops API', () => {
    let db: TestDatabase;
    let api: RunningOpsApi;
    const keys = { ops: newApiKey('ok'), viewer: newApiKey('ok') };
    const saved = { db: process.env.DATABASE_URL, tax: process.env.TAX_BASE_URL };
    const bearer = (key: string) => ({ Authorization: `Bearer ${key}` });

    beforeAll(async () => {
      db = await migratedDatabase('ops_tax_coverage');
      for (const [id, role] of [
        ['olga', 'ops'],
        ['victor', 'viewer'],
      ] as const) {
        const apiKey = role === 'ops' ? keys.ops : keys.viewer;
        await registerOperator(db.dataSource, { operatorId: id, name: id, apiKey, roles: [role] });
      }
      process.env.DATABASE_URL = db.scratch.url;
      process.env.TAX_BASE_URL = env().TAX_BASE_URL;
      process.env.TAX_RETRY_ATTEMPTS = '1';
      api = await startOpsApi({ port: 0 });
    });

    afterAll(async () => {
      await api?.close();
      process.env.DATABASE_URL = saved.db;
      process.env.TAX_BASE_URL = saved.tax;
      delete process.env.TAX_RETRY_ATTEMPTS;
      await db?.close();
    });

    it('answers an ops operator the places and the Guam gap with its owner; a viewer is refused', async () => {
      await request(api.url).get('/v1/tax/coverage').expect(401);
      await request(api.url).get('/v1/tax/coverage').set(bearer(keys.viewer)).expect(403);

      const answer = await request(api.url)
        .get('/v1/tax/coverage')
        .set(bearer(keys.ops))
        .expect(200);

      const report = answer.body as JsonReport;
      expect(report.places).toHaveLength(7);
      expect(report.gaps).toEqual([
        expect.objectContaining({
          jurisdiction: GUAM,
          owner: expect.objectContaining({ team: 'billing-ops' }),
        }),
      ]);
    });

    it('answers 502 when the tax engine fails, naming its error code', async () => {
      await tax.setFaults({ endpoint: 'jurisdictions', outage: true });

      const answer = await request(api.url)
        .get('/v1/tax/coverage')
        .set(bearer(keys.ops))
        .expect(502);

      expect(JSON.stringify(answer.body)).toMatch(/TAX\.UNAVAILABLE/);
    });
  });
});

/** A port nothing listens on: bound, then released. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as { port: number };
  await new Promise<void>((done) => server.close(() => done()));
  return port;
}
