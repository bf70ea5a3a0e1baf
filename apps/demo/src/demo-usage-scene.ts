import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadInfraConfig } from '@handoff/config';
import { bssActivations } from './demo-actions';
import type { DemoContext } from './demo-context';
import { batchImsiOf } from './demo-sim-inventory-scene';
import { newIccid, bssActivation } from './demo-traffic';
import {
  cdrFile,
  expectedFindings,
  invoiceFile,
  type DemoLine,
  type Finding,
} from './demo-usage-files';

/*
 * Usage, the way an MNO delivers it: a file of the day's CDRs for the demo's lines is imported
 * (a record sent twice, two that arrive more than a day late, two for an IMSI no line has yet, one
 * malformed line); the line with that IMSI is then activated and its records are guided. Then the
 * MNO's wholesale invoice, with three known discrepancies, is reconciled and the accuracy printed.
 * Record ids, IMSIs and the files are new on every run, so a second run on the same stack holds.
 */

const CLI = resolve(__dirname, '../../usage/src/cli.ts');
const WAIT_MS = 90_000;

/** `usage import` / `usage reconcile` as an operator runs them; their output and exit code. */
function usageCli(args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['-r', '@swc-node/register', CLI, ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let [out, err] = ['', ''];
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', fail);
    // 'close', not 'exit': the output may still be in the pipe when the process has exited.
    child.on('close', (code) => done({ code, out, err }));
  });
}

async function pollFor<T>(what: string, probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + WAIT_MS;
  for (;;) {
    const found = await probe();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`usage: ${what} within ${WAIT_MS / 1000} s`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** Three active lines of this run with an IMSI, none billed or ported by earlier scenes. */
async function demoLines(ctx: DemoContext): Promise<DemoLine[]> {
  const rows = await ctx.db.query<{ subscriber_id: string; imsi: string; since: Date }[]>(
    `SELECT s.subscriber_id, s.imsi, s.activated_at AS since FROM activations a
       JOIN subscribers s ON s.subscriber_id = a.subscriber_id
      WHERE a.activation_id = ANY($1) AND a.state = 'completed' AND s.state = 'active'
        AND s.imsi IS NOT NULL AND NOT s.subscriber_id = ANY($2)
      ORDER BY s.subscriber_id LIMIT 3`,
    [ctx.tracked.map((t) => t.activationId), ctx.payments?.lines ?? []],
  );
  if (rows.length < 3) throw new Error(`usage: only ${rows.length} active lines with an IMSI`);
  return rows.map((r) => ({ subscriberId: r.subscriber_id, imsi: r.imsi, since: r.since }));
}

async function recordStates(ctx: DemoContext, prefix: string) {
  const rows = await ctx.db.query<{ state: string; n: string; late: string }[]>(
    `SELECT state, count(*) AS n, count(*) FILTER (WHERE late) AS late FROM usage_records
      WHERE record_id LIKE $1 GROUP BY state`,
    [`${prefix}-%`],
  );
  const of = (state: string) => Number(rows.find((r) => r.state === state)?.n ?? 0);
  return {
    guided: of('guided'),
    recycled: of('recycled'),
    late: rows.reduce((sum, r) => sum + Number(r.late), 0),
  };
}

/**
 * A SIM of the run's batch, activated by the BSS only now; resolves with its subscriber once
 * active. Its IMSI is the batch's, which the MNO holds too: usage for it arrives before any line has it.
 */
async function activateNewcomer(ctx: DemoContext, iccid: string, imsi: string): Promise<string> {
  await bssActivations(ctx, [bssActivation(iccid, { charged: false })]);
  return pollFor('the newcomer line was not activated', async () => {
    const [row] = await ctx.db.query<{ subscriber_id: string }[]>(
      `SELECT subscriber_id FROM subscribers WHERE imsi = $1 AND state = 'active'`,
      [imsi],
    );
    return row?.subscriber_id;
  });
}

function check(what: string, actual: unknown, expected: unknown): void {
  if (JSON.stringify(actual) !== JSON.stringify(expected)) {
    throw new Error(
      `usage: ${what}: ${JSON.stringify(actual)}, expected ${JSON.stringify(expected)}`,
    );
  }
}

export async function usageScene(ctx: DemoContext): Promise<void> {
  ctx.say("12. Usage: a day of CDRs imported from the MNO's file, then its invoice reconciled");
  const stamp = ctx.startedAt.getTime().toString(36);
  const dir = join(loadInfraConfig().cacheDir, 'demo-usage');
  mkdirSync(dir, { recursive: true });
  const lines = await demoLines(ctx);
  const newcomerIccid = newIccid();
  const newcomerImsi = batchImsiOf(newcomerIccid);
  const cdrs = cdrFile(`demo-${stamp}`, lines, newcomerImsi, new Date());
  const file = join(dir, `cdrs-${stamp}.csv`);
  writeFileSync(file, cdrs.csv);

  const imported = await usageCli(['import', file]);
  const summary = /(\d+) lines read, (\d+) published, (\d+) duplicate, (\d+) bad/.exec(
    imported.out,
  );
  check('the import', [imported.code, summary?.slice(1).map(Number)], [1, cdrs.expect.import]);
  ctx.say(`   imported ${file}: ${summary?.[0]} (the malformed line reported by number)`);
  const before = await pollFor('the records were not all received', async () => {
    const states = await recordStates(ctx, cdrs.prefix);
    return states.guided + states.recycled === cdrs.expect.published ? states : undefined;
  });
  check('guided, recycled, late', before, cdrs.expect.beforeNewcomer);
  ctx.say(
    `   ${before.guided} guided, ${before.recycled} recycled (an IMSI no line has yet), ${before.late} late (flagged, accepted)`,
  );

  const newcomer = await activateNewcomer(ctx, newcomerIccid, newcomerImsi);
  const after = await pollFor('the recycled records were not guided', async () => {
    const states = await recordStates(ctx, cdrs.prefix);
    return states.recycled === 0 ? states : undefined;
  });
  check('after the line appeared', after, cdrs.expect.afterNewcomer);
  ctx.say(
    `   the IMSI's line was activated: its ${before.recycled} recycled records are guided now`,
  );

  await reconcile(ctx, {
    dir,
    stamp,
    lines: [...lines, { subscriberId: newcomer, imsi: newcomerImsi, since: new Date() }],
    cdrs,
  });
}

async function reconcile(
  ctx: DemoContext,
  run: { dir: string; stamp: string; lines: DemoLine[]; cdrs: ReturnType<typeof cdrFile> },
): Promise<void> {
  const { day } = run.cdrs;
  const invoice = invoiceFile(run.lines, run.cdrs.records, day);
  const file = join(run.dir, `invoice-${run.stamp}.csv`);
  writeFileSync(file, invoice.csv);
  const period = day.slice(0, 7);
  const { code, out, err } = await usageCli([
    'reconcile',
    '--period',
    period,
    file,
    '--json',
    '--show',
    '999999',
  ]);
  if (code !== 1) throw new Error(`usage: reconcile exited ${code}: ${err.slice(-500)}`);
  const report = JSON.parse(out) as {
    accuracy: number | null;
    reconciliationAccuracy: number | null;
    discrepancies: Finding[];
  };
  // The period's usage of earlier runs and tests is in Handoff too: this invoice's lines are judged.
  const ours = new Set(run.lines.map((l) => l.subscriberId));
  const found = report.discrepancies.filter((d) =>
    d.subscriberId === null ? d.invoiceLine === invoice.unknownLine : ours.has(d.subscriberId),
  );
  const expected = expectedFindings(run.lines, run.cdrs, invoice, day);
  check('the discrepancies', found.map(brief).sort(), expected.findings.map(brief).sort());
  const figures = expected.matched + expected.findings.length;
  ctx.say(
    `   invoice ${file} for ${period}: ${expected.matched} of ${figures} figures matched; ` +
      found
        .map((d) => `${d.outcome} ${d.usageType} (${d.difference > 0 ? '+' : ''}${d.difference})`)
        .join(', '),
  );
  ctx.say(
    `   CDR reconciliation accuracy of these lines: ${((100 * expected.matched) / figures).toFixed(1)} %; ` +
      `of the whole run ${pct(report.accuracy)}, the period's first pass (the KPI) ${pct(report.reconciliationAccuracy)}`,
  );
}

const pct = (x: number | null) => (x === null ? 'n/a' : `${(100 * x).toFixed(1)} %`);
const brief = (d: Finding) =>
  `${d.outcome}/${d.subscriberId ?? 'unknown line'}/${d.usageDay}/${d.usageType}/${d.difference}`;
