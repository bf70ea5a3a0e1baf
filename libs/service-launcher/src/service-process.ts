import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

const ROOT = resolve(__dirname, '../../..');

export interface ServiceSpec {
  name: string;
  entry: string;
  env: Record<string, string>;
  /** Resolves true once the service is ready to take traffic. */
  ready: (logText: string) => Promise<boolean>;
}

export interface StartOptions {
  /** How long the service may take to become ready. */
  timeoutMs?: number;
  /**
   * Its own process group, so a Ctrl-C at the terminal reaches only the parent, which then stops
   * each service once with SIGTERM (a second signal in the middle of a Nest shutdown kills it).
   */
  ownProcessGroup?: boolean;
}

export interface RunningService {
  name: string;
  logFile: string;
  child: ChildProcess;
}

/**
 * Each service runs as its own process, exactly as `node … apps/<name>/src/main.ts` starts it,
 * its output appended to its own log file, so services are seen working together rather than one
 * process pretending to be all of them.
 */
export async function startService(
  spec: ServiceSpec,
  logFile: string,
  options: StartOptions = {},
): Promise<RunningService> {
  const timeoutMs = options.timeoutMs ?? 60_000;
  mkdirSync(dirname(logFile), { recursive: true });
  const out = openSync(logFile, 'w');
  const child = spawn(process.execPath, ['-r', '@swc-node/register', resolve(ROOT, spec.entry)], {
    cwd: ROOT,
    env: { ...process.env, ...spec.env },
    stdio: ['ignore', out, out],
    detached: options.ownProcessGroup ?? false,
  });
  closeSync(out);
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const code = await Promise.race([
      exited,
      new Promise<'waiting'>((r) => setTimeout(() => r('waiting'), 200)),
    ]);
    if (code !== 'waiting')
      throw new Error(`${spec.name} exited (${code}) while starting; see ${logFile}`);
    if (await spec.ready(readFileSync(logFile, 'utf8')).catch(() => false))
      return { name: spec.name, logFile, child };
    if (Date.now() > deadline) {
      child.kill('SIGTERM');
      throw new Error(`${spec.name} was not ready after ${timeoutMs} ms; see ${logFile}`);
    }
  }
}

/**
 * SIGTERM, then waits for the exit (graceful shutdown: in-flight work finishes and commits).
 * Resolves false when the service did not exit cleanly by itself.
 */
export async function stopService(service: RunningService, timeoutMs = 20_000): Promise<boolean> {
  if (service.child.exitCode !== null) return service.child.exitCode === 0;
  const exited = new Promise<{ code: number | null; signal: string | null }>((done) =>
    service.child.once('exit', (code, signal) => done({ code, signal })),
  );
  service.child.kill('SIGTERM');
  let killed = false;
  const timer = setTimeout(() => {
    killed = true;
    service.child.kill('SIGKILL');
  }, timeoutMs);
  const { code, signal } = await exited;
  clearTimeout(timer);
  // Nest re-raises SIGTERM once its shutdown hooks have run, so that exit is a clean one too.
  return !killed && (code === 0 || signal === 'SIGTERM');
}

export const httpReady = (url: string) => async () => (await fetch(url)).ok;
/** Ready once every probe says so (a process that serves on several ports). */
export const everyReady =
  (probes: readonly ((logText: string) => Promise<boolean>)[]) => async (logText: string) =>
    (await Promise.all(probes.map((probe) => probe(logText)))).every(Boolean);
export const logReady = (marker: string) => async (log: string) => log.includes(marker);
