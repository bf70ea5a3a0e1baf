import { Command, InvalidArgumentError } from 'commander';
import { buildScorecard, monthPeriod, type Period } from '@handoff/operational-truth';
import { authenticate } from './cli-operator';
import { print, printJson, runWithContext } from './cli-action';
import { slaText } from './render/sla-text';

function month(text: string): Period {
  try {
    return monthPeriod(text);
  } catch (error) {
    throw new InvalidArgumentError((error as Error).message);
  }
}

export function slaCommand(): Command {
  return new Command('sla')
    .description(
      'the vendor scorecard of a month: availability, p50/p95 per operation against its SLA, ' +
        'breaches with evidence and the escalations they raised',
    )
    .requiredOption('--period <month>', 'a month in UTC, such as 2026-11', month)
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
