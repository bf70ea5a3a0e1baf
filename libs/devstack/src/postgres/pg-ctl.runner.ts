import { chownSync, closeSync, openSync } from 'node:fs';
import type { InfraConfig } from '@handoff/config';
import { DevstackError } from '../devstack.error';
import type { DevstackPaths } from '../devstack.paths';
import { runLogged, tailOfFile } from '../process/process.launcher';
import type { ProgressReporter } from '../progress.reporter';
import { postgresBinaries } from './postgres-binaries';
import { postgresRunAs, type RunAs } from './postgres-run-as.resolver';

export const START_TIMEOUT_S = 60;
const STOP_TIMEOUT_S = 30;

/** `pg_ctl start -w`: the postmaster detaches from pg_ctl, so it outlives this CLI. */
export async function pgCtlStart(
  config: InfraConfig,
  paths: DevstackPaths,
  report: ProgressReporter,
): Promise<void> {
  report.step('postgres', `starting PostgreSQL on 127.0.0.1:${config.postgresPort}...`);
  const runAs = postgresRunAs();
  prepareLogFile(paths.postgresLog, runAs);
  const serverOptions = `-p ${config.postgresPort} -c listen_addresses=127.0.0.1 -c unix_socket_directories=''`;
  const exitCode = await pgCtl(paths, runAs, [
    'start',
    '-D',
    paths.postgresDataDir,
    '-l',
    paths.postgresLog,
    '-w',
    '-t',
    String(START_TIMEOUT_S),
    '-o',
    serverOptions,
  ]);
  if (exitCode !== 0) {
    throw new DevstackError(
      'DEVSTACK.POSTGRES_START_FAILED',
      `pg_ctl start failed (exit ${exitCode}); see ${paths.postgresLog}\n${tailOfFile(paths.postgresLog)}`,
    );
  }
}

/** `pg_ctl stop -m fast`: disconnects clients, rolls back, shuts down cleanly. Resolves the exit code. */
export async function pgCtlStop(paths: DevstackPaths): Promise<number> {
  const runAs = postgresRunAs();
  prepareLogFile(paths.postgresLog, runAs);
  const args = [
    'stop',
    '-D',
    paths.postgresDataDir,
    '-m',
    'fast',
    '-w',
    '-t',
    String(STOP_TIMEOUT_S),
  ];
  return pgCtl(paths, runAs, args);
}

async function pgCtl(paths: DevstackPaths, runAs: RunAs, args: string[]): Promise<number> {
  const { pg_ctl } = await postgresBinaries(paths);
  // cwd: the `postgres` OS user may not be allowed into ours; the data directory is its own.
  return runLogged({
    command: pg_ctl,
    args,
    logFile: paths.postgresLog,
    cwd: paths.postgresDataDir,
    ...runAs,
  });
}

/** The server (running as `postgres` when we are root) appends to the log, so it must own it. */
function prepareLogFile(logFile: string, runAs: RunAs): void {
  closeSync(openSync(logFile, 'a'));
  if (runAs.uid !== undefined && runAs.gid !== undefined) chownSync(logFile, runAs.uid, runAs.gid);
}
