import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { DevstackError } from '../devstack.error';

export interface LaunchSpec {
  command: string;
  args: string[];
  /** stdout and stderr are appended here. */
  logFile: string;
  cwd?: string;
  /** Unset: the child inherits ours. */
  env?: NodeJS.ProcessEnv;
  /** Run as this user (only possible as root); PostgreSQL refuses to run as root. */
  uid?: number;
  gid?: number;
}

export interface DetachedProcess {
  pid: number;
  /** True once the process ended while this CLI still runs (it would otherwise stay a zombie). */
  hasExited(): boolean;
}

/**
 * Starts a process that outlives this CLI: its own session (detached), stdio to a log file rather
 * than pipes we would hold open, and unref'd so Node does not wait for it.
 */
export async function launchDetached(spec: LaunchSpec, pidFile?: string): Promise<DetachedProcess> {
  const child = spawnToLog(spec);
  let exited = false;
  child.once('exit', () => (exited = true));
  await started(child, spec.command);
  child.unref();
  const pid = child.pid as number;
  if (pidFile) {
    mkdirSync(dirname(pidFile), { recursive: true });
    writeFileSync(pidFile, `${pid}\n`);
  }
  return { pid, hasExited: () => exited };
}

/** Runs a command to completion with its output appended to the log file; resolves its exit code. */
export async function runLogged(spec: LaunchSpec): Promise<number> {
  const child = spawnToLog(spec);
  const exit = new Promise<number>((resolve) => child.once('exit', (code) => resolve(code ?? 1)));
  await started(child, spec.command);
  return exit;
}

/** The last lines of a log, to quote in an error message. */
export function tailOfFile(path: string, lines = 15): string {
  try {
    return readFileSync(path, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}

/**
 * Always detached (its own session): whatever it leaves behind, like pg_ctl's postmaster, must not
 * receive the Ctrl-C meant for this CLI.
 */
function spawnToLog(spec: LaunchSpec): ChildProcess {
  mkdirSync(dirname(spec.logFile), { recursive: true });
  const out = openSync(spec.logFile, 'a');
  try {
    return spawn(spec.command, spec.args, {
      cwd: spec.cwd,
      env: spec.env,
      uid: spec.uid,
      gid: spec.gid,
      stdio: ['ignore', out, out],
      detached: true,
    });
  } finally {
    // The child got its own copy of the descriptor during spawn().
    closeSync(out);
  }
}

function started(child: ChildProcess, command: string): Promise<void> {
  return new Promise((resolve, reject) => {
    child.once('spawn', resolve);
    child.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'ENOENT'
          ? new DevstackError(
              'DEVSTACK.COMMAND_NOT_FOUND',
              `${command} was not found on the PATH`,
              { cause: error },
            )
          : error,
      ),
    );
  });
}
