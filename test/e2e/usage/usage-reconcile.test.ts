import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { newApiKey, registerOperator } from '@handoff/access';
import { readTrace } from '@handoff/audit';
import { EventTypes, type UsageReconciliationMismatch } from '@handoff/contracts';
import { Topics } from '@handoff/messaging';
import { startOpsApi, type RunningOpsApi } from '../../../apps/ops/src/ops-api';
import { TopicTap } from '../../support/backbone-harness';
import { killStrayChildren, outputTail, startTsProcess } from '../../support/child-process';
import { migratedDatabase, type TestDatabase } from '../../support/test-infra';

const HEADER = 'imsi,msisdn,usage_day,voice_seconds,sms_count,data_bytes,charge_minor,currency';
const IMSI_A = '310260000000001';
const MSISDN_B = '14155550002';
const IMSI_SWAPPED = '310260000000004';

/** The same invoice in both runs: four figures match, one differs, two are only on it. */
const INVOICE = [
  HEADER,
  // sub-a: voice within 1% (1205 vs 1200), SMS and data equal.
  `${IMSI_A},,2026-11-02,1205,3,1000000,1216,USD`,
  // sub-b, known to the MNO by its MSISDN only: 700 s against 600 accepted.
  `,${MSISDN_B},2026-11-03,700,0,0,700,USD`,
  // sub-a: data Handoff never accepted.
  `${IMSI_A},,2026-11-05,0,0,5000,0,USD`,
  // an IMSI no line has ever had.
  `310260999999999,,2026-11-06,30,0,0,30,USD`,
  // the swapped IMSI on a day it was sub-d's (sub-e has it since the 15th).
  `${IMSI_SWAPPED},,2026-11-08,100,0,0,100,USD`,
  `${IMSI_A},,2026-12-01,10,0,0,10,USD`,
  `31026,,2026-11-09,10,0,0,10,USD`,
  '',
].join('\n');

async function seed(test: TestDatabase): Promise<void> {
  await test.dataSource.query(
    `INSERT INTO line_identities (subscriber_id, kind, value, valid_from, valid_to) VALUES
       ('sub-a', 'imsi', $1, '2026-10-01', NULL),
       ('sub-b', 'msisdn', $2, '2026-10-01', NULL),
       ('sub-d', 'imsi', $3, '2026-10-01', '2026-11-10'),
       ('sub-e', 'imsi', $3, '2026-11-15', NULL)`,
    [IMSI_A, MSISDN_B, IMSI_SWAPPED],
  );
  await test.dataSource.query(
    `INSERT INTO usage_daily_totals (subscriber_id, usage_day, usage_type, record_count,
       duration_seconds, message_count, bytes_up, bytes_down, late_records) VALUES
       ('sub-a', '2026-11-02', 'voice', 4, 1200, 0, 0, 0, 0),
       ('sub-a', '2026-11-02', 'sms', 2, 0, 3, 0, 0, 0),
       ('sub-a', '2026-11-02', 'data', 3, 900, 0, 200000, 800000, 0),
       ('sub-b', '2026-11-03', 'voice', 2, 600, 0, 0, 0, 0),
       ('sub-c', '2026-11-04', 'sms', 5, 0, 5, 0, 0, 0),
       ('sub-d', '2026-11-08', 'voice', 1, 100, 0, 0, 0, 0),
       ('sub-c', '2026-12-01', 'sms', 1, 0, 1, 0, 0, 0)`,
  );
}

describe('usage reconcile, as a child process against PostgreSQL and the real broker', () => {
  let test: TestDatabase;
  let dir: string;
  let tap: TopicTap;
  let api: RunningOpsApi;
  const viewer = newApiKey('ok');
  const savedUrl = process.env.DATABASE_URL;

  beforeAll(async () => {
    test = await migratedDatabase('usage_reconcile');
    await seed(test);
    await registerOperator(test.dataSource, {
      operatorId: 'vera',
      name: 'Vera Viewer',
      apiKey: viewer,
      roles: ['viewer'],
    });
    tap = await TopicTap.open(Topics.UsageRecords, { fromNow: true });
    dir = mkdtempSync(join(tmpdir(), 'usage-reconcile-'));
    writeFileSync(join(dir, 'invoice-2026-11.csv'), INVOICE);
  });

  afterAll(async () => {
    await api?.close();
    process.env.DATABASE_URL = savedUrl;
    await tap?.close();
    await killStrayChildren();
    await test?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function reconcile(env: Record<string, string> = {}) {
    const run = startTsProcess(
      'apps/usage/src/cli.ts',
      { DATABASE_URL: test.scratch.url, ...env },
      ['reconcile', '--period', '2026-11', join(dir, 'invoice-2026-11.csv'), '--json'],
    );
    // The report is stdout alone (logs and the progress bar go to stderr).
    let stdout = '';
    run.child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
    const { code } = await run.exited;
    return { code, tail: outputTail(run), report: JSON.parse(stdout) as Record<string, unknown> };
  }

  let firstRunId = '';

  it('finds exactly the prepared mismatches and reports bad lines by number (first pass)', async () => {
    const { code, tail, report } = await reconcile();
    expect({ code, tail }).toMatchObject({ code: 1 });
    firstRunId = String(report.runId);
    expect(report).toMatchObject({
      period: '2026-11',
      linesRead: 7,
      bad: 2,
      outcomes: { matched: 4, mismatched: 1, onlyInvoice: 2, onlyHandoff: 1, unknownLines: 1 },
      charges: { compared: false },
      accuracy: 0.5,
      firstPass: true,
      reconciliationAccuracy: 0.5,
      eventsPublished: 3,
    });
    expect(report.badLines).toEqual([
      { lineNumber: 7, reason: 'usage_day: 2026-12-01 is outside 2026-11' },
      { lineNumber: 8, reason: 'imsi: not 14 to 15 digits' },
    ]);
    expect(report.discrepancies).toEqual([
      discrepancy('mismatched', 'sub-b', '2026-11-03', 'voice', 3, 700, 600),
      discrepancy('only-handoff', 'sub-c', '2026-11-04', 'sms', null, null, 5),
      discrepancy('only-invoice', 'sub-a', '2026-11-05', 'data', 4, 5000, null),
      discrepancy('only-invoice', null, '2026-11-06', 'voice', 5, 30, null),
    ]);
  });

  it('writes the run to the audit ledger as one row with its counts, traced by its run id', async () => {
    const trail = await readTrace(test.dataSource, firstRunId);
    expect(trail).toHaveLength(1);
    expect(trail[0]).toMatchObject({
      kind: 'reconciliation-run',
      actor: 'handoff/usage-reconcile',
      integrationPoint: 'mno-usage-feed-to-handoff',
      ownerTeam: 'billing-ops',
      outcome: 'discrepancies',
      summary: {
        runId: firstRunId,
        period: '2026-11',
        fileName: 'invoice-2026-11.csv',
        linesRead: 7,
        badLines: 2,
        matched: 4,
        mismatched: 1,
        onlyInvoice: 2,
        onlyHandoff: 1,
        accuracy: 0.5,
        firstPass: true,
        disputesPublished: 3,
      },
    });
  });

  it('publishes a dispute per discrepancy with a subscriber, owned by the usage feed point', async () => {
    await tap.caughtUp();
    const events = tap
      .eventsOfType(EventTypes.UsageReconciliationMismatch)
      .filter((e) => (e.data as UsageReconciliationMismatch).runId === firstRunId);
    expect(events.map((e) => e.integrationPoint)).toEqual(
      Array(3).fill('mno-usage-feed-to-handoff'),
    );
    const bySubscriber = Object.fromEntries(events.map((e) => [e.subject, e.data]));
    expect(bySubscriber['sub-b']).toMatchObject({
      period: '2026-11',
      usageDay: '2026-11-03',
      usageType: 'voice',
      outcome: 'mismatched',
      invoiceQuantity: 700,
      handoffQuantity: 600,
      difference: 100,
      invoiceLine: 3,
    });
    expect(bySubscriber['sub-c']).toMatchObject({ outcome: 'onlyHandoff', difference: -5 });
    expect(bySubscriber['sub-a']).toMatchObject({ outcome: 'onlyInvoice', invoiceQuantity: 5000 });
  });

  it('compares charges at the configured rates on a later run, which leaves the first pass the KPI', async () => {
    const rates = { USAGE_WHOLESALE_RATES: 'currency=USD,voice=60,sms=5,data=1' };
    const { code, report } = await reconcile(rates);
    expect(code).toBe(1);
    expect(report).toMatchObject({
      charges: { compared: true, currency: 'USD', matched: 3, mismatched: 1 },
      firstPass: false,
      reconciliationAccuracy: 0.5,
    });
    const [row] = await readTrace(test.dataSource, String(report.runId));
    expect(row?.summary).toMatchObject({
      firstPass: false,
      charges: { matched: 3, mismatched: 1 },
    });
  });

  it('refuses a wrong tolerance setting naming the variable, storing nothing (exit 2)', async () => {
    const run = startTsProcess(
      'apps/usage/src/cli.ts',
      { DATABASE_URL: test.scratch.url, USAGE_RECONCILE_TOLERANCE: 'voice=lots' },
      ['reconcile', '--period', '2026-11', join(dir, 'invoice-2026-11.csv')],
    );
    expect((await run.exited).code).toBe(2);
    expect(run.output()).toContain('USAGE_RECONCILE_TOLERANCE');
  });

  it('serves the accuracy of the first pass from the ops API to a viewer, over plain HTTP', async () => {
    process.env.DATABASE_URL = test.scratch.url;
    api = await startOpsApi({ port: 0 });
    const url = `${api.url}/v1/usage/reconciliation`;
    const auth = { headers: { Authorization: `Bearer ${viewer}` } };
    const answer = await fetch(`${url}?period=2026-11`, auth);
    expect(answer.status).toBe(200);
    expect(await answer.json()).toMatchObject({
      period: '2026-11',
      accuracy: 0.5,
      runs: 2,
      firstPass: { runId: firstRunId, counts: { matched: 4, mismatched: 1 } },
      latest: { firstPass: false, charges: { compared: true } },
    });
    expect((await fetch(`${url}?period=2026-13`, auth)).status).toBe(400);
    expect((await fetch(`${url}?period=2026-11`)).status).toBe(401);
  });
});

function discrepancy(
  outcome: string,
  subscriberId: string | null,
  usageDay: string,
  usageType: string,
  invoiceLine: number | null,
  invoice: number | null,
  handoff: number | null,
) {
  const difference = (invoice ?? 0) - (handoff ?? 0);
  return { outcome, subscriberId, usageDay, usageType, invoiceLine, invoice, handoff, difference };
}
