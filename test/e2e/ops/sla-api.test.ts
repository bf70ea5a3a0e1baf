import request from 'supertest';
import { newApiKey, registerOperator } from '@handoff/access';
import type { Scorecard } from '@handoff/operational-truth';
import { loadOwnershipMatrix } from '@handoff/ownership';
import type { SlaCoverageReport } from '../../../apps/ops/src/sla-coverage/sla-coverage';
import { startOpsApi, type RunningOpsApi } from '../../../apps/ops/src/ops-api';
import {
  startMnoSimulator,
  type RunningSimulator,
} from '../../../apps/vendor-simulators/src/start-vendor-simulators';
import { MnoSimulatorAdmin } from '../../support/mno-simulator-client';
import { migratedDatabase, waitFor, type TestDatabase } from '../../support/test-infra';
import { runOpsCli } from './ops-harness';

const month = (date: Date) => date.toISOString().slice(0, 7);

describe('ops API and CLI: the SLA scorecard, from the watcher running inside the ops API', () => {
  let db: TestDatabase;
  let api: RunningOpsApi;
  let simulator: RunningSimulator;
  const viewerKey = newApiKey('ok');
  const saved = { ...process.env };

  beforeAll(async () => {
    db = await migratedDatabase('sla_api');
    await registerOperator(db.dataSource, {
      operatorId: 'vera',
      name: 'Vera Viewer',
      apiKey: viewerKey,
      roles: ['viewer'],
    });
    simulator = await startMnoSimulator({ port: 0, logLevel: 'silent' });
    process.env.DATABASE_URL = db.scratch.url;
    process.env.MNO_BASE_URL = new MnoSimulatorAdmin(simulator.url).tmfBaseUrl;
    process.env.OPS_WATCH_INTERVAL_MS = '200';
    api = await startOpsApi({ port: 0 });
  });

  afterAll(async () => {
    await api?.close();
    process.env = saved;
    await simulator?.close();
    await db?.close();
  });

  it('probes the MNO on its own schedule, and a viewer reads the month with the probe counted', async () => {
    await waitFor('a probe of the MNO recorded by the ops API', async () => {
      const rows = await db.dataSource.query<{ outcome: string }[]>(
        `SELECT outcome FROM vendor_probes WHERE integration_point = 'handoff-to-mno'`,
      );
      return rows.some((row) => row.outcome === 'ok');
    });
    const period = month(new Date());

    const response = await request(api.url)
      .get(`/v1/sla?period=${period}`)
      .set('Authorization', `Bearer ${viewerKey}`)
      .expect(200);
    const card = response.body as Scorecard;
    const mno = card.points.find((p) => p.integrationPoint === 'handoff-to-mno');
    expect(mno).toMatchObject({ vendor: 'mno', ownerTeam: 'Network Operations' });
    expect(mno!.availability.probes).toBeGreaterThanOrEqual(1);
    expect(mno!.operations.map((o) => o.operation)).toContain('portIn');
    expect(card.points.map((p) => p.vendor).sort()).toEqual([
      'mno',
      'payment-processor',
      'tax-engine',
    ]);

    const cli = await runOpsCli(['sla', '--period', period, '--json'], {
      DATABASE_URL: db.scratch.url,
      HANDOFF_OPERATOR_KEY: viewerKey,
    });
    expect(cli.code).toBe(0);
    const fromCli = JSON.parse(cli.stdout) as Scorecard;
    expect(fromCli.points.map((p) => p.integrationPoint)).toEqual(
      card.points.map((p) => p.integrationPoint),
    );
    const table = await runOpsCli(['sla', '--period', period], {
      DATABASE_URL: db.scratch.url,
      HANDOFF_OPERATOR_KEY: viewerKey,
    });
    expect(table.stdout).toContain('mno (handoff-to-mno, owner Network Operations)');
    expect(table.stdout).toMatch(/OPERATION\s+SLA\s+CALLS\s+P50\s+P95/);
  });

  it("lists every point's error categories, covered or uncovered with the owner who must negotiate it, to a viewer and in the CLI", async () => {
    const response = await request(api.url)
      .get('/v1/sla/coverage')
      .set('Authorization', `Bearer ${viewerKey}`)
      .expect(200);
    const report = response.body as SlaCoverageReport;
    const matrix = loadOwnershipMatrix();
    expect(report.categories).toHaveLength(
      matrix.integrationPoints.reduce((n, p) => n + p.errorCategories.length, 0),
    );
    const mno = report.categories.filter((c) => c.integrationPoint === 'handoff-to-mno');
    expect(mno.map((c) => [c.category, c.covered])).toEqual([
      ['vendor-outage', true],
      ['malformed-answer', true],
      ['request-refused', false],
      ['undocumented-order-failure', false],
      ['vendor-answer', false],
    ]);
    expect(mno.find((c) => c.category === 'undocumented-order-failure')).toMatchObject({
      codes: ['MNO.ORDER_FAILED'],
      ownerTeamName: 'Network Operations',
      accountable: 'Marcus Oyelaran',
    });
    expect(report.uncovered).toBe(report.categories.filter((c) => !c.covered).length);
    await request(api.url).get('/v1/sla/coverage').expect(401);

    const cli = await runOpsCli(['sla-coverage'], {
      DATABASE_URL: db.scratch.url,
      HANDOFF_OPERATOR_KEY: viewerKey,
    });
    expect(cli.code).toBe(0);
    expect(cli.stdout).toMatch(
      /handoff-to-mno\s+undocumented-order-failure\s+UNCOVERED\s+MNO\.ORDER_FAILED\s+Network Operations \(Marcus Oyelaran\)/,
    );
    expect(cli.stdout).toMatch(/handoff-to-mno\s+vendor-outage\s+covered/);
  });

  it('refuses a period that is not a month or a week, and a caller without a key', async () => {
    const refused = await request(api.url)
      .get('/v1/sla?period=2026-13')
      .set('Authorization', `Bearer ${viewerKey}`)
      .expect(400);
    expect((refused.body as { message: string }).message).toBe(
      'period must be a month (2026-11) or an ISO week (2026-W48); got "2026-13"',
    );
    await request(api.url).get('/v1/sla?period=2026-11').expect(401);
    const cli = await runOpsCli(['sla', '--period', 'november'], { DATABASE_URL: db.scratch.url });
    expect(cli.code).not.toBe(0);
    expect(cli.stderr).toContain(
      'period must be a month (2026-11) or an ISO week (2026-W48); got "november"',
    );
  });
});
