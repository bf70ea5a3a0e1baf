import { Command } from 'commander';
import { openDeadLetterReader } from '../kpis/open-dead-letters';
import { opsKpis, PeriodError, periodFrom } from '../kpis/ops-kpis';
import { loadOpsConfig } from '../ops.config';
import { CliError } from './cli-error';
import { authenticate } from './cli-operator';
import { print, printJson, runWithContext } from './cli-action';
import { kpisText } from './render/kpis-text';

export function kpisCommand(): Command {
  return new Command('kpis')
    .description(
      "the MVNO's KPIs: activation-to-first-bill, unbilled lines, provisioning latency, fallout, dead letters by owner",
    )
    .option(
      '--period <period>',
      'a month (2026-11) or an ISO week (2026-W48); default the last 7 days',
    )
    .option('--json', 'print JSON')
    .addHelpText(
      'after',
      '\nOPS_UNBILLED_AFTER_DAYS (default 7): a line active longer than that with no charge is unbilled.\n' +
        'Needs an operator key with the ops or viewer role.',
    )
    .action(async (options: { period?: string; json?: boolean }, command: Command) => {
      let period;
      try {
        period = periodFrom(options.period);
      } catch (error) {
        if (error instanceof PeriodError) throw new CliError(error.message, 2);
        throw error;
      }
      await runWithContext(command, async (ctx, apiKey) => {
        await authenticate(ctx.dataSource, apiKey, ['ops', 'viewer']);
        const k = await opsKpis(
          ctx.dataSource,
          openDeadLetterReader(ctx.ops),
          period,
          loadOpsConfig().unbilledAfterDays,
        );
        if (options.json) printJson(k);
        else print(kpisText(k));
      });
    });
}
