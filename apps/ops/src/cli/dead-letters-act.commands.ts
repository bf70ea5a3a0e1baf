import { Command, InvalidArgumentError } from 'commander';
import { parseRef, REPLAY_DEFAULTS, type DeadLetterRef } from '@handoff/dead-letters';
import { CliError } from './cli-error';
import { authenticate } from './cli-operator';
import { print, printJson, runWithContext } from './cli-action';
import { filterFrom, hasFilter, withFilterOptions, type FilterOptions } from './filter-options';
import { replayProgress } from './replay-progress';
import { discardText, replayText } from './render/replay-text';

interface ReplayOptions extends FilterOptions {
  ref: DeadLetterRef[];
  all?: boolean;
  reason: string;
  dryRun?: boolean;
  rate: number;
  maxFailures: number;
  force?: boolean;
  settle: number;
  json?: boolean;
}

const collectRef = (value: string, refs: DeadLetterRef[]) => {
  try {
    return [...refs, parseRef(value)];
  } catch (error) {
    throw new InvalidArgumentError((error as Error).message);
  }
};
const positive = (value: string) => {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) throw new InvalidArgumentError('must be a number, 0 or more');
  return n;
};

export function replayCommand(): Command {
  return withFilterOptions(new Command('replay'))
    .description(
      "send dead letters back to the consumer group that failed them (that group's first retry topic)",
    )
    .option(
      '--ref <topic/partition/offset>',
      'a dead letter to replay (repeatable)',
      collectRef,
      [],
    )
    .option('--all', 'every open dead letter (when no --ref and no filter is given)')
    .requiredOption(
      '--reason <text>',
      'why, for the audit trail, e.g. "VENDOR.RECOVERED: INC-4711"',
    )
    .option('--dry-run', 'say per record what would happen; change nothing')
    .option('--rate <n>', 'records per second at most', positive, REPLAY_DEFAULTS.ratePerSecond)
    .option(
      '--max-failures <n>',
      'stop once more than n replayed records fail again',
      positive,
      REPLAY_DEFAULTS.maxFailures,
    )
    .option('--force', 'replay dead letters that were already replayed or discarded')
    .option(
      '--settle <ms>',
      'watch for failed-again records this long after the last send',
      positive,
      REPLAY_DEFAULTS.settleMs,
    )
    .option('--json', 'print JSON')
    .action(async (o: ReplayOptions, command: Command) =>
      runWithContext(command, async (ctx, apiKey) => {
        if (o.ref.length === 0 && !hasFilter(o) && !o.all) {
          throw new CliError('name what to replay: --ref, a filter, or --all');
        }
        const operator = await authenticate(ctx.dataSource, apiKey, ['ops']);
        const progress = replayProgress();
        const report = await ctx.ops
          .replay({
            refs: o.ref.length > 0 ? o.ref : undefined,
            filter: o.ref.length > 0 ? undefined : filterFrom(o),
            reason: o.reason,
            operator,
            dryRun: o.dryRun,
            ratePerSecond: o.rate,
            maxFailures: o.maxFailures,
            force: o.force,
            settleMs: o.settle,
            onProgress: progress.onProgress,
          })
          .finally(() => progress.stop());
        if (!o.dryRun) await ctx.flush();
        if (o.json) printJson(report);
        else print(replayText(report));
        return report.stopped || report.counts.failed > 0 ? 1 : 0;
      }),
    );
}

export function discardCommand(): Command {
  return new Command('discard')
    .description('close dead letters that must not be replayed; the reason is mandatory')
    .option(
      '--ref <topic/partition/offset>',
      'a dead letter to discard (repeatable)',
      collectRef,
      [],
    )
    .requiredOption('--reason <text>', 'why, for the audit trail')
    .option('--force', 'discard even if already replayed or discarded')
    .option('--json', 'print JSON')
    .action(
      async (
        o: { ref: DeadLetterRef[]; reason: string; force?: boolean; json?: boolean },
        command: Command,
      ) =>
        runWithContext(command, async (ctx, apiKey) => {
          if (o.ref.length === 0) throw new CliError('name the dead letters to discard with --ref');
          const operator = await authenticate(ctx.dataSource, apiKey, ['ops']);
          const results = await ctx.ops.discard({
            refs: o.ref,
            reason: o.reason,
            operator,
            force: o.force,
          });
          await ctx.flush();
          if (o.json) printJson({ results });
          else print(discardText(results));
          // A refusal is not a success: a script discarding dead letters must see it did not happen.
          return results.every((r) => r.outcome === 'discarded') ? 0 : 1;
        }),
    );
}
