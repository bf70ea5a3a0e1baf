import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

export function readPidFile(path: string): number | undefined {
  try {
    const pid = Number.parseInt(readFileSync(path, 'utf8').split('\n')[0] ?? '', 10);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/** The process's command line, or undefined where there is no /proc (macOS) or no such process. */
export function processCommandLine(pid: number): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
  } catch {
    return undefined;
  }
}

/** True while the process exists and is not a zombie (a dead child we have not reaped yet). */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  try {
    // Field 3 of /proc/<pid>/stat is the state; the command name before it may hold spaces.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return true;
  }
}

/**
 * The pid from a pid file, if that process still runs and is the one we started: a stale pid
 * file after a reboot may name an unrelated process, so its command line must contain `marker`.
 */
export function livePidFromFile(pidFile: string, marker: string): number | undefined {
  const pid = readPidFile(pidFile);
  if (pid === undefined || !isProcessAlive(pid)) return undefined;
  const commandLine = processCommandLine(pid);
  return commandLine === undefined || commandLine.includes(marker) ? pid : undefined;
}

export interface StopOptions {
  graceMs: number;
  /** The polite signal; SIGKILL follows when the grace period ends. */
  signal?: NodeJS.Signals;
}

/** Sends `signal`, waits up to `graceMs` for the process to go, then SIGKILLs it. */
export async function stopProcess(
  pid: number,
  options: StopOptions,
): Promise<'stopped' | 'killed'> {
  signal(pid, options.signal ?? 'SIGTERM');
  if (await waitForExit(pid, options.graceMs)) return 'stopped';
  signal(pid, 'SIGKILL');
  await waitForExit(pid, 5_000);
  return 'killed';
}

export async function waitForExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (isProcessAlive(pid)) {
    if (Date.now() >= deadline) return false;
    await sleep(200);
  }
  return true;
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
  }
}
