import { Command } from 'commander';
import { traceOf } from '../trace/trace-view';
import { authenticate } from './cli-operator';
import { print, printJson, runWithContext } from './cli-action';
import { traceText } from './render/trace-text';

export function traceCommand(): Command {
  return new Command('trace')
    .description(
      'the whole chain of one correlation id from the audit ledger, in order, with owners',
    )
    .argument('<correlationId>')
    .option('--json', 'print JSON')
    .action(async (correlationId: string, options: { json?: boolean }, command: Command) =>
      runWithContext(command, async (ctx, apiKey) => {
        await authenticate(ctx.dataSource, apiKey, ['ops', 'viewer']);
        const steps = await traceOf(ctx.dataSource, ctx.ownership, correlationId);
        if (options.json) printJson({ correlationId, steps });
        else print(traceText(correlationId, steps));
        return steps.length === 0 ? 1 : 0;
      }),
    );
}
