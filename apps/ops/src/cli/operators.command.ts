import { userInfo } from 'node:os';
import { Command, Option } from 'commander';
import type { DataSource } from 'typeorm';
import {
  databaseUser,
  issueOperatorKey,
  KEY_ISSUANCE_POINT,
  type KeyIssuer,
  type OperatorRole,
} from '@handoff/access';
import { authenticate } from './cli-operator';
import { print, runWithContext } from './cli-action';

interface AddOptions {
  id: string;
  name: string;
  role: OperatorRole[];
  bootstrap?: boolean;
}

export function operatorsCommand(): Command {
  const add = new Command('add')
    .description('register an operator (or re-key one) and print its new key once')
    .requiredOption('--id <id>', 'operator id, e.g. alice')
    .requiredOption('--name <name>', 'display name')
    .addOption(
      new Option(
        '--role <role>',
        "ops (may replay and discard), viewer (may read traces) or care (may read one subscriber's diagnostic view); repeatable",
      )
        .choices(['ops', 'viewer', 'care'])
        .argParser((value: string, previous: OperatorRole[] = []) => [
          ...previous,
          value as OperatorRole,
        ])
        .makeOptionMandatory(),
    )
    .option(
      '--bootstrap',
      'no operator key at hand: act with the database credentials this CLI connects with ' +
        '(recorded in the audit ledger against the database user); for recovering when no one holds an ops key',
    )
    .action(async (o: AddOptions, command: Command) =>
      runWithContext(command, async (ctx, apiKey) => {
        const issuedBy = await issuer(ctx.dataSource, apiKey, o.bootstrap === true);
        if (issuedBy.kind === 'bootstrap') {
          process.stderr.write(
            `bootstrap: acting as database user ${issuedBy.databaseUser}, not as an operator; ` +
              'this is recorded in the audit ledger\n',
          );
        }
        const key = await issueOperatorKey(ctx.dataSource, {
          operatorId: o.id,
          name: o.name,
          roles: o.role,
          issuedBy,
          owner: ctx.ownership.owner(KEY_ISSUANCE_POINT),
        });
        print(
          `operator ${o.id} (${o.role.join(', ')}) registered; key (shown once, store it now):\n${key}`,
        );
      }),
    );
  return new Command('operators').description('manage operator keys').addCommand(add);
}

/**
 * The very first operator needs no key (there is none yet); after that an ops operator adds
 * others, or someone holding the database credentials bootstraps, in the open.
 */
async function issuer(
  db: DataSource,
  apiKey: string | undefined,
  bootstrap: boolean,
): Promise<KeyIssuer> {
  const direct = async () => ({
    databaseUser: await databaseUser(db),
    osUser: userInfo().username,
  });
  if (bootstrap) return { kind: 'bootstrap', ...(await direct()) };
  if (!(await hasOperators(db))) return { kind: 'first-operator', ...(await direct()) };
  return { kind: 'operator', operator: await authenticate(db, apiKey, ['ops']) };
}

async function hasOperators(db: DataSource): Promise<boolean> {
  const rows = await db.query<unknown[]>('SELECT 1 FROM operators LIMIT 1');
  return rows.length > 0;
}
