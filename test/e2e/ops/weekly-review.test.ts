import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { newApiKey, registerOperator } from '@handoff/access';
import { recordLedger, type LedgerEntry } from '@handoff/audit';
import { startOpsApi, type RunningOpsApi } from '../../../apps/ops/src/ops-api';
import { insertActivation, type ScriptedActivation } from '../../support/scripted-activations';
import { migratedDatabase, type TestDatabase } from '../../support/test-infra';
import { runOpsCli } from './ops-harness';

const at = (iso: string) => new Date(iso);

/**
 * A scripted week (2026-W48, Monday 23 November to Monday 30 November) and the week before it,
 * inserted as the flows and the watcher would have left them; every figure the page should show
 * is worked out by hand in the comments.
 */
describe('the weekly operating review (ops API over plain HTTP, ops CLI, real PostgreSQL)', () => {
  let db: TestDatabase;
  let api: RunningOpsApi;
  let out: string;
  const viewerKey = newApiKey('ok');
  const saved = { ...process.env };

  const activation = (r: ScriptedActivation) =>
    insertActivation(db.dataSource, {
      ...r,
      ...(r.channel === 'dealer' && { dealer: 'd1' }),
      ...(r.reason && { owner: 'network-ops' }),
    });

  const getOrder = (iso: string, latencyMs: number): LedgerEntry => ({
    occurredAt: at(iso),
    correlationId: `c-${iso}`,
    kind: 'vendor-call',
    actor: 'handoff/orchestrator',
    integrationPoint: 'handoff-to-mno',
    ownerTeam: 'network-ops',
    summary: { operation: 'getOrder' },
    outcome: 'acknowledged',
    latencyMs,
  });

  async function probe(iso: string, outcome: 'ok' | 'failed'): Promise<void> {
    await db.dataSource.query(
      `INSERT INTO vendor_probes (integration_point, vendor, probed_at, latency_ms, outcome, error_code)
       VALUES ('handoff-to-mno', 'mno', $1, 20, $2, $3)`,
      [at(iso), outcome, outcome === 'failed' ? 'MNO.UNAVAILABLE' : null],
    );
  }

  async function incident(i: {
    id: string;
    kind: 'jeopardy' | 'slaBreach';
    operation: string;
    measure?: string;
    target?: string;
    actual?: string;
    opened: string;
    resolved: string;
  }): Promise<void> {
    await db.dataSource.query(
      `INSERT INTO ops_incidents (incident_id, kind, integration_point, operation, measure, target,
         actual, evidence, opened_at, resolved_at)
       VALUES ($1, $2, 'handoff-to-mno', $3, $4, $5, $6, '{}', $7, $8)`,
      [
        i.id,
        i.kind,
        i.operation,
        i.measure ?? null,
        i.target ?? null,
        i.actual ?? null,
        at(i.opened),
        at(i.resolved),
      ],
    );
  }

  beforeAll(async () => {
    db = await migratedDatabase('weekly_review');
    await registerOperator(db.dataSource, {
      operatorId: 'vera',
      name: 'Vera Viewer',
      apiKey: viewerKey,
      roles: ['viewer'],
    });
    // W48: first bills after 60 s and 180 s (p50 120 s = 2m, p95 60 + 0.95 × 120 = 174 s = 2.9m);
    // active after 30 s and 130 s (p50 80 s = 1.3m, p95 30 + 0.95 × 100 = 125 s = 2.1m);
    // one of three failed (33.3%).
    await activation({
      id: 'r1',
      channel: 'dealer',
      state: 'completed',
      requested: '2026-11-24T10:00:00Z',
      completedAfter: 30,
      capturedAfter: 60,
    });
    await activation({
      id: 'r2',
      channel: 'bss',
      state: 'completed',
      requested: '2026-11-25T10:00:00Z',
      completedAfter: 130,
      capturedAfter: 180,
    });
    await activation({
      id: 'r3',
      channel: 'dealer',
      state: 'failed',
      requested: '2026-11-26T10:00:00Z',
      reason: 'MNO.REJECTED',
    });
    // W47: one line, active after 40 s, billed after 600 s (10m); no fallout.
    await activation({
      id: 'p1',
      channel: 'dealer',
      state: 'completed',
      requested: '2026-11-17T10:00:00Z',
      completedAfter: 40,
      capturedAfter: 600,
    });
    // MNO getOrder in W48: 100, 200, 300, 1400 ms. The scorecard's p50/p95 (percentile_disc) are
    // 200 and 1400 ms, over the 1 s SLA; the KPI's p95 (percentile_cont) 300 + 0.85 × 1100 = 1235.
    // W47: one call of 50 ms.
    await recordLedger(db.dataSource, [
      getOrder('2026-11-24T09:00:00Z', 100),
      getOrder('2026-11-24T09:01:00Z', 200),
      getOrder('2026-11-25T09:00:00Z', 300),
      getOrder('2026-11-26T09:00:00Z', 1400),
      getOrder('2026-11-18T09:00:00Z', 50),
    ]);
    // Three probes in W48, one failed: 4 calls + 3 probes, 1 failure → 6/7 = 85.71%.
    await probe('2026-11-24T12:00:00Z', 'failed');
    await probe('2026-11-24T12:30:00Z', 'ok');
    await probe('2026-11-27T12:00:00Z', 'ok');
    // An availability breach escalated twice, a jeopardy on one activation, and an incident of
    // W46 that must not appear.
    await incident({
      id: 'breach-w48',
      kind: 'slaBreach',
      operation: 'availability',
      measure: 'availability',
      target: '99.9%',
      actual: '85.71%',
      opened: '2026-11-24T12:00:00Z',
      resolved: '2026-11-24T13:00:00Z',
    });
    await db.dataSource.query(
      `INSERT INTO ops_escalations (incident_id, level, who, contact, after_ms, raised_at) VALUES
         ('breach-w48', 1, 'Network Ops on-call engineer', 'pagerduty:network-ops', 0, $1),
         ('breach-w48', 2, 'Network Ops duty manager', 'pagerduty:network-ops-escalation', 900000, $2)`,
      [at('2026-11-24T12:00:00Z'), at('2026-11-24T12:15:00Z')],
    );
    await incident({
      id: 'jeopardy-w48',
      kind: 'jeopardy',
      operation: 'activation',
      opened: '2026-11-26T10:10:00Z',
      resolved: '2026-11-26T10:40:00Z',
    });
    await db.dataSource.query(
      `INSERT INTO ops_jeopardies (operation, work_ref, incident_id, integration_point, correlation_id,
         opened_at, due_at, raised_at, cleared_at)
       VALUES ('activation', 'r3', 'jeopardy-w48', 'handoff-to-mno', 'r3', $1, $2, $2, $3)`,
      [at('2026-11-26T10:00:00Z'), at('2026-11-26T10:10:00Z'), at('2026-11-26T10:40:00Z')],
    );
    await incident({
      id: 'breach-w46',
      kind: 'slaBreach',
      operation: 'getOrder',
      measure: 'latencyP95',
      target: '1s',
      actual: '5000ms',
      opened: '2026-11-10T12:00:00Z',
      resolved: '2026-11-10T13:00:00Z',
    });

    process.env.DATABASE_URL = db.scratch.url;
    api = await startOpsApi({ port: 0 });
    out = await mkdtemp(join(tmpdir(), 'review-'));
  });

  afterAll(async () => {
    await api?.close();
    process.env = saved;
    await db?.close();
    if (out) await rm(out, { recursive: true, force: true });
  });

  it('renders the week with the figures worked out by hand, the previous week beside it', async () => {
    const response = await fetch(`${api.url}/v1/review?week=2026-W48`, {
      headers: { Authorization: `Bearer ${viewerKey}` },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/markdown/);
    const page = await response.text();
    const lines = page.split('\n');

    expect(lines[0]).toBe('# Weekly operating review 2026-W48');
    expect(page).toContain('2026-11-23 to 2026-11-29 (UTC), beside the previous week 2026-W47.');

    const owner = '- **mno** (handoff-to-mno), owner **Network Operations**: ';
    expect(lines).toEqual(
      expect.arrayContaining([
        `${owner}over the week, availability 85.71% vs SLA 99.9%`,
        `${owner}over the week, getOrder p95 1400 ms vs SLA 1s`,
        `${owner}breach of availability: 85.71% vs SLA 99.9%, 2026-11-24 12:00Z → 2026-11-24 13:00Z, ` +
          'escalated to Network Ops on-call engineer (L1, 2026-11-24 12:00Z), ' +
          'Network Ops duty manager (L2, 2026-11-24 12:15Z)',
        `${owner}jeopardy on activation: 1 open past due, 2026-11-26 10:10Z → 2026-11-26 10:40Z, not escalated`,
        "Availability **85.71%** vs SLA 99.9%: **missed** (4 calls, 3 probes, 1 failed on the vendor's side)",
        '| getOrder | p95 1s | 4 | 200 ms | 1400 ms | **missed** | 0 |',
        '| activation | done within 10m | 0 | - | - | - | 1 |',
        'Breaches and jeopardies (2 escalations raised):',
        '| KPI | 2026-W48 | 2026-W47 |',
        '| Activations requested | 3 | 1 |',
        '| Activation to first bill, p50 | 2m | 10m |',
        '| Activation to first bill, p95 | 2.9m | 10m |',
        '| Lines billed | 2 | 1 |',
        '| Provisioning (request → active), p50 | 1.3m | 40s |',
        '| Provisioning (request → active), p95 | 2.1m | 40s |',
        '| MNO getOrder, p95 | 1235 ms (4 calls) | 50 ms (1 calls) |',
        '| Fallout (rejected, failed or held) | 1 of 3 (33.3%) | 0 of 1 (0%) |',
        'Lines active more than 7 days and never charged (now): **0**',
        '## Dead letters open by owner (now)',
      ]),
    );
    expect(page).not.toContain('5000ms');
    // The other vendors had no traffic and no probes in this scripted week.
    expect(page).toContain('### tax-engine: handoff-to-tax-engine (owner');
    expect(page.match(/Availability \*\*not measured\*\*/g)).toHaveLength(2);

    const cli = await runOpsCli(['review', '--week', '2026-W48', '--out', join(out, 'w48.md')], {
      DATABASE_URL: db.scratch.url,
      HANDOFF_OPERATOR_KEY: viewerKey,
    });
    expect(cli.code).toBe(0);
    const written = await readFile(join(out, 'w48.md'), 'utf8');
    // The same page, up to the dead letters' ages, which move while the test runs.
    const upToDeadLetters = (text: string) => text.slice(0, text.indexOf('## Dead letters'));
    expect(upToDeadLetters(written)).toBe(upToDeadLetters(page));
  });

  it('refuses what is not an ISO week, naming the format, and a caller without a key', async () => {
    const refused = await fetch(`${api.url}/v1/review?week=2026-11`, {
      headers: { Authorization: `Bearer ${viewerKey}` },
    });
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { message: string }).message).toBe(
      'week must be an ISO week such as 2026-W48; got "2026-11"',
    );
    expect((await fetch(`${api.url}/v1/review?week=2026-W48`)).status).toBe(401);

    const cli = await runOpsCli(['review', '--week', '2026-W54'], {
      DATABASE_URL: db.scratch.url,
      HANDOFF_OPERATOR_KEY: viewerKey,
    });
    expect(cli.code).toBe(2);
    expect(cli.stderr).toContain('week must be an ISO week such as 2026-W48; got "2026-W54"');
  });
});
