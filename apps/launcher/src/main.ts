import 'reflect-metadata';
import { join } from 'node:path';
import { userInfo } from 'node:os';
import { Command } from 'commander';
import { databaseUser, issueOperatorKey, KEY_ISSUANCE_POINT } from '@handoff/access';
import { loadDevstackRegistryConfig, loadInfraConfig, type InfraConfig } from '@handoff/config';
import { devstackUp } from '@handoff/devstack';
import { loadOwnershipMatrix } from '@handoff/ownership';
import { createDataSource, redactDatabaseUrl } from '@handoff/persistence';
import {
  SERVICE_NAMES,
  serviceSpecs,
  startStack,
  stopStack,
  type RunningService,
} from '@handoff/service-launcher';
import { loadLauncherConfig, selectServices } from './launcher.config';

const LOCAL_OPERATOR = 'local-oncall';

const say = (line: string) => process.stdout.write(`${line}\n`);

function program(defaultLogsDir: string): Command {
  return new Command('npm start --')
    .description(
      "Starts Handoff's services, each its own process, against the configured Kafka and " +
        "PostgreSQL (the devstack's when KAFKA_BROKERS and DATABASE_URL are unset). Each logs to " +
        '<logs-dir>/<service>.log. Ctrl-C (or SIGTERM) stops them all cleanly.',
    )
    .option('--only <services>', `comma-separated, from: ${SERVICE_NAMES.join(', ')}`)
    .option('--logs-dir <dir>', 'where the services write their logs', defaultLogsDir)
    .addHelpText(
      'after',
      '\nEnvironment: GATEWAY_PORT (18080), OPS_PORT (18082), MNO_SIM_PORT (18081), TAX_SIM_PORT\n' +
        '(18084), PAYMENT_SIM_PORT (18085), MNO_BASE_URL\n' +
        '(a real MNO; the simulators are then left out unless --only names them), and every\n' +
        "service's own settings (docs/ops-runbook.md).",
    );
}

/**
 * On the devstack's own database, a newcomer holds no operator key yet: the launcher (re-)keys a
 * local on-call operator, recorded in the ledger as a bootstrap by the database user.
 */
async function issueLocalOperatorKey(infra: InfraConfig): Promise<void> {
  if (!infra.ownPostgres) return;
  const db = await createDataSource(infra.databaseUrl).initialize();
  try {
    const key = await issueOperatorKey(db, {
      operatorId: LOCAL_OPERATOR,
      name: 'Local on-call',
      roles: ['ops'],
      issuedBy: {
        kind: 'bootstrap',
        databaseUser: await databaseUser(db),
        osUser: userInfo().username,
      },
      owner: loadOwnershipMatrix().owner(KEY_ISSUANCE_POINT),
    });
    say(`ops key of ${LOCAL_OPERATOR} (role ops; local stack only, new at every start):`);
    say(`   ${key}`);
    say(`   try: HANDOFF_OPERATOR_KEY=${key} npm run ops -- dead-letters list`);
  } finally {
    await db.destroy();
  }
}

/** Resolves with what ended the run: a stop signal, or a service that exited by itself. */
function firstEnd(services: readonly RunningService[]): Promise<string> {
  return new Promise((resolve) => {
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
      process.once(signal, () => resolve(signal));
    }
    for (const s of services) {
      s.child.once('exit', (code, signal) =>
        resolve(`${s.name} exited by itself (${signal ?? `code ${code}`}); see ${s.logFile}`),
      );
    }
  });
}

async function main(): Promise<number> {
  const infra = loadInfraConfig();
  const cli = program(join(infra.cacheDir, 'logs')).parse();
  const options = cli.opts<{ only?: string; logsDir: string }>();
  const config = loadLauncherConfig();
  const names = selectServices(options.only, config.realMno);
  // The devstack's Kafka and PostgreSQL when none are configured, else a check of the given ones.
  await devstackUp(
    infra,
    { step: (c, m) => say(`${c.padEnd(9)} ${m}`) },
    loadDevstackRegistryConfig({}),
  );
  say(
    `starting ${names.join(', ')} against Kafka ${infra.kafka.brokers.join(',')} and PostgreSQL ` +
      `${redactDatabaseUrl(infra.databaseUrl)}...`,
  );
  const services = await startStack(serviceSpecs(names, config.ports), options.logsDir, {
    ownProcessGroup: true,
    timeoutMs: config.startTimeoutMs,
  });
  const ended = firstEnd(services);
  for (const s of services) say(`   ${s.name.padEnd(18)} pid ${s.child.pid}   log ${s.logFile}`);
  if (names.includes('gateway')) say(`gateway  http://127.0.0.1:${config.ports.gateway}`);
  if (names.includes('ops')) say(`ops API  http://127.0.0.1:${config.ports.ops}/docs`);
  const reason = await Promise.race([
    ended,
    issueLocalOperatorKey(infra).then(() => {
      say(`${services.length} service(s) running. Ctrl-C stops them all.`);
      return ended;
    }),
  ]).catch((error: unknown) => `the launcher failed: ${errorText(error)}`);
  say(`stopping (${reason})...`);
  const unclean = await stopStack(services);
  if (unclean.length > 0) {
    say(`did not stop cleanly: ${unclean.join(', ')}`);
    return 1;
  }
  say('all services stopped cleanly.');
  return reason.startsWith('SIG') ? 0 : 1;
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`npm start: ${errorText(error)}\n`);
    process.exit(1);
  },
);
