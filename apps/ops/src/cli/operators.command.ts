import { Command, Option } from 'commander';
import type { DataSource } from 'typeorm';
import { newApiKey, registerOperator, type OperatorRole } from '@handoff/access';
import { authenticate } from './cli-operator';
import { print, runWithContext } from './cli-action';

interface AddOptions {
  id: string;
  name: string;
  role: OperatorRole[];
}

export function operatorsCommand(): Command {
  const add = new Command('add')
    .description('register an operator (or re-key one) and print its new key once')
    .requiredOption('--id <id>', 'operator id, e.g. alice')
    .requiredOption('--name <name>', 'display name')
    .addOption(
      new Option(
        '--role <role>',
        'ops (may replay and discard) or viewer (may read traces); repeatable',
      )
        .choices(['ops', 'viewer'])
        .argParser((value: string, previous: OperatorRole[] = []) => [
          ...previous,
          value as OperatorRole,
        ])
        .makeOptionMandatory(),
    )
    .action(async (o: AddOptions, command: Command) =>
      runWithContext(command, async (ctx, apiKey) => {
        // The very first operator is the bootstrap; after that only an ops operator adds others.
        if (await hasOperators(ctx.dataSource)) await authenticate(ctx.dataSource, apiKey, ['ops']);
        const key = newApiKey('ok');
        await registerOperator(ctx.dataSource, {
          operatorId: o.id,
          name: o.name,
          apiKey: key,
          roles: o.role,
        });
        print(
          `operator ${o.id} (${o.role.join(', ')}) registered; key (shown once, store it now):\n${key}`,
        );
      }),
    );
  return new Command('operators').description('manage operator keys').addCommand(add);
}

async function hasOperators(db: DataSource): Promise<boolean> {
  const rows = await db.query<unknown[]>('SELECT 1 FROM operators LIMIT 1');
  return rows.length > 0;
}
