import { Command } from 'commander';
import { parseRef } from '@handoff/dead-letters';
import { authenticate } from './cli-operator';
import { print, printJson, runWithContext } from './cli-action';
import { filterFrom, withFilterOptions, type FilterOptions } from './filter-options';
import { deadLetterTable, deadLetterText } from './render/dead-letter-text';

export function listCommand(): Command {
  return withFilterOptions(new Command('list'))
    .description('list dead letters with their error, owner and status')
    .option('--json', 'print JSON instead of a table')
    .action(async (options: FilterOptions & { json?: boolean }, command: Command) =>
      runWithContext(command, async (ctx, apiKey) => {
        await authenticate(ctx.dataSource, apiKey);
        const { items, complete } = await ctx.ops.list(filterFrom(options));
        if (options.json) printJson({ complete, count: items.length, deadLetters: items });
        else print(deadLetterTable(items, complete));
      }),
    );
}

export function showCommand(): Command {
  return new Command('show')
    .description('one dead letter: decoded payload, error context, attempts, owner and escalation')
    .argument('<topic>', 'dead-letter topic, e.g. handoff.orchestrator.dlt')
    .argument('<partition>')
    .argument('<offset>')
    .option('--json', 'print JSON')
    .action(
      async (
        topic: string,
        partition: string,
        offset: string,
        options: { json?: boolean },
        command: Command,
      ) =>
        runWithContext(command, async (ctx, apiKey) => {
          await authenticate(ctx.dataSource, apiKey);
          const detail = await ctx.ops.show(parseRef(`${topic}/${partition}/${offset}`));
          if (options.json) printJson(detail);
          else print(deadLetterText(detail));
        }),
    );
}
