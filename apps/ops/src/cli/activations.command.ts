import { Command, InvalidArgumentError } from 'commander';
import { REDRIVABLE_HOLDS, REDRIVE_DEFAULTS, type RedriveReport } from '@handoff/activation-saga';
import { authenticate } from './cli-operator';
import { print, printJson, runWithContext } from './cli-action';
import { CliError } from './cli-error';
import { redriveProgress } from './redrive-progress';
import { redriveText } from './render/redrive-text';

interface RedriveOptions {
  activationId: string[];
  reasonCode?: string;
  reason: string;
  dryRun?: boolean;
  limit: number;
  json?: boolean;
}

const collect = (value: string, previous: string[]) => [...previous, value];
const wholeNumber = (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1)
    throw new InvalidArgumentError('must be a whole number, 1 or more');
  return n;
};

const EXAMPLES = `
Examples:
  ops activations redrive --reason-code TAX_JURISDICTION_UNRESOLVED --dry-run --reason "check"
  ops activations redrive --reason-code TAX_JURISDICTION_UNRESOLVED \\
      --reason "TAX.CONFIG_FIXED: Guam configured in the tax engine, CHG-812"
  ops activations redrive --activation-id act-123 --reason "TAX.CONFIG_FIXED: CHG-812"

Only activations held for a reason an operator fixes are re-driven (${Object.keys(REDRIVABLE_HOLDS).join(', ')});
fix the cause first (for a tax hold: the jurisdiction's configuration in the tax engine). Each one
is taken out of held under its row lock and its redrive request sent, so running this twice, or two
operators at once, re-drives each hold once. The saga then quotes the tax again; still zero: held again.
Exit code: 0 when every named activation was re-driven (or would be), 1 otherwise.`;

export function redriveCommand(): Command {
  return new Command('redrive')
    .description(
      'resume held activations once what held them is fixed (e.g. the tax configuration)',
    )
    .option('--activation-id <id>', 'an activation to re-drive (repeatable)', collect, [])
    .option(
      '--reason-code <code>',
      `only activations held for this reason: ${Object.keys(REDRIVABLE_HOLDS).join(', ')}`,
    )
    .requiredOption('--reason <text>', 'why, for the audit trail, e.g. "TAX.CONFIG_FIXED: CHG-812"')
    .option('--dry-run', 'list what would be re-driven; change nothing')
    .option(
      '--limit <n>',
      'at most this many held activations when none is named',
      wholeNumber,
      REDRIVE_DEFAULTS.limit,
    )
    .option('--json', 'print JSON')
    .addHelpText('after', EXAMPLES)
    .action(async (o: RedriveOptions, command: Command) =>
      runWithContext(command, async (ctx, apiKey) => {
        if (o.activationId.length === 0 && !o.reasonCode) {
          throw new CliError(
            'name what to re-drive: --activation-id, or --reason-code for every held one',
          );
        }
        const operator = await authenticate(ctx.dataSource, apiKey, ['ops']);
        const progress = redriveProgress();
        const report = await ctx.redriver
          .redrive({
            activationIds: o.activationId,
            reasonCode: o.reasonCode,
            reason: o.reason,
            operator,
            dryRun: o.dryRun,
            limit: o.limit,
            onProgress: progress.onProgress,
          })
          .finally(() => progress.stop());
        if (!o.dryRun && !(await ctx.redriver.flush(report))) {
          process.stderr.write(
            'redrive requests still in the outbox; the next relay that runs sends them\n',
          );
        }
        if (o.json) printJson(report);
        else print(redriveText(report));
        return exitCode(report, o.activationId.length > 0);
      }),
    );
}

/** Named activations that were not re-driven are a failure; a sweep that found none is not. */
function exitCode(report: RedriveReport, named: boolean): number {
  const { skipped, notFound } = report.counts;
  return named && skipped + notFound > 0 ? 1 : 0;
}

export function activationsCommand(): Command {
  return new Command('activations')
    .description('activations held by the saga: re-drive them once their cause is fixed')
    .addCommand(redriveCommand());
}
