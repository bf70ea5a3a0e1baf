import { Command, InvalidArgumentError } from 'commander';
import { buildScorecard, type Period } from '@handoff/operational-truth';
import { namedPeriod, PeriodError } from '../kpis/ops-kpis';
import { authenticate } from './cli-operator';
import { print, printJson, runWithContext } from './cli-action';
import { slaCoverageReport } from '../sla-coverage/sla-coverage';
import { coverageText } from './render/coverage-text';
import { slaText } from './render/sla-text';

function period(text: string): Period {
  try {
    return namedPeriod(text);
  } catch (error) {
    if (error instanceof PeriodError) throw new InvalidArgumentError(error.message);
    throw error;
  }
}

export function slaCommand(): Command {
  return new Command('sla')
    .description(
      'the vendor scorecard of a month or week: availability, p50/p95 per operation against its ' +
        'SLA, breaches with evidence and the escalations they raised',
    )
    .requiredOption(
      '--period <period>',
      'a month (2026-11) or an ISO week (2026-W48), in UTC',
      period,
    )
    .option('--json', 'print JSON')
    .action(async (options: { period: Period; json?: boolean }, command: Command) =>
      runWithContext(command, async (ctx, apiKey) => {
        await authenticate(ctx.dataSource, apiKey, ['ops', 'viewer']);
        const card = await buildScorecard(ctx.dataSource, ctx.ownership, options.period);
        if (options.json) printJson(card);
        else print(slaText(card));
        return 0;
      }),
    );
}

export function slaCoverageCommand(): Command {
  return new Command('sla-coverage')
    .description(
      "each integration point's error categories, covered by its SLA or UNCOVERED, with the " +
        'owner who must negotiate an uncovered one',
    )
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }, command: Command) =>
      runWithContext(command, async (ctx, apiKey) => {
        await authenticate(ctx.dataSource, apiKey, ['ops', 'viewer']);
        const report = slaCoverageReport(ctx.ownership);
        if (options.json) printJson(report);
        else print(coverageText(report));
        return 0;
      }),
    );
}
