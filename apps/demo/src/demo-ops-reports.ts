import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import type { IntegrationMapView } from '@handoff/integration-map';
import { isoWeekLabel } from '@handoff/kpis';
import { call, type DemoContext } from './demo-context';

const ROOT = resolve(__dirname, '../../..');
const OPS_CLI = 'apps/ops/src/cli.ts';

/**
 * Ends the demo with what the COO and the vendor manager would read: the KPI block of this week
 * and the vendor scorecard of this month, by the ops CLI an operator runs (so what is shown is
 * what `npm run ops` prints). They include earlier runs on the same stack; they inform, and only
 * one thing in them decides the verdict: scene 2's MNO breach with its escalations
 * (`scorecardProblems`).
 */
export async function printOpsReports(ctx: DemoContext, now = new Date()): Promise<void> {
  const week = isoWeekLabel(now);
  const month = now.toISOString().slice(0, 7);
  for (const args of [
    ['kpis', '--period', week],
    ['sla', '--period', month],
  ]) {
    ctx.say('');
    ctx.say(`$ npm run ops -- ${args.join(' ')}`);
    ctx.say(indent(await opsCli(args, ctx.operatorKey)));
  }
  await printUncoveredCategories(ctx);
}

/** What the map lists as no SLA's: a failure there pages our own people at once (decision 93). */
async function printUncoveredCategories(ctx: DemoContext): Promise<void> {
  const map = await call<IntegrationMapView>(`${ctx.opsUrl}/v1/map`, { key: ctx.operatorKey });
  ctx.say('');
  ctx.say(`Error categories no SLA covers, as the map lists them (${map.uncovered.length}):`);
  for (const category of map.uncovered) ctx.say(`   ${category.text}`);
}

function opsCli(args: string[], operatorKey: string): Promise<string> {
  return new Promise((done) => {
    execFile(
      process.execPath,
      ['-r', '@swc-node/register', OPS_CLI, ...args],
      {
        cwd: ROOT,
        env: { ...process.env, HANDOFF_OPERATOR_KEY: operatorKey, LOG_LEVEL: 'warn' },
        timeout: 120_000,
        maxBuffer: 8 * 1024 * 1024,
      },
      (error, stdout, stderr) =>
        done(
          error ? `${stdout}\n(ops ${args[0]} failed: ${stderr.trim() || error.message})` : stdout,
        ),
    );
  });
}

function indent(text: string): string {
  return text
    .trimEnd()
    .split('\n')
    .map((line) => `   ${line}`)
    .join('\n');
}
