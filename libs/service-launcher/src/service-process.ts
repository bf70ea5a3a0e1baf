import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { z } from 'zod';

const ROOT = resolve(__dirname, '../../..');
const EXIT_WITH_LAUNCHER = resolve(__dirname, 'exit-with-launcher.preload.ts');

/** Whether a service is ready to take traffic now; if not, why (said when the deadline passes). */
export type ReadyState = { ready: true } | { ready: false; why: string };

/** Asks a starting service whether it is ready, given what it has logged so far. */
export type ReadyProbe = (logText: string) => Promise<ReadyState>;

export interface ServiceSpec {
  name: string;
  entry: string;
  env: Record<string, string>;
  ready: ReadyProbe;
}

/** Generous: on a loaded two-core machine a dozen Node services can take over a minute to start. */
export const DEFAULT_START_TIMEOUT_MS = 120_000;

/** The launcher's and the demo's setting for how long each service may take to become ready. */
export const startTimeoutSetting = {
  HANDOFF_SERVICE_START_TIMEOUT_MS: z.coerce
    .number()
    .int()
    .min(1_000, 'must be at least 1000 (milliseconds)')
    .default(DEFAULT_START_TIMEOUT_MS),
};

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
  const timeoutMs = options.timeoutMs ?? DEFAULT_START_TIMEOUT_MS;
  mkdirSync(dirname(logFile), { recursive: true });
  const out = openSync(logFile, 'w');
  const child = spawn(
    process.execPath,
    ['-r', '@swc-node/register', '-r', EXIT_WITH_LAUNCHER, resolve(ROOT, spec.entry)],
    {
      cwd: ROOT,
      env: { ...process.env, ...spec.env },
      // The IPC channel is only a lifeline: its closing tells the service its launcher is gone.
      stdio: ['ignore', out, out, 'ipc'],
      detached: options.ownProcessGroup ?? false,
    },
  );
  // Neither must the lifeline keep the launcher alive.
  child.channel?.unref();
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
    const state = await spec
      .ready(readFileSync(logFile, 'utf8'))
      .catch((error: unknown): ReadyState => ({ ready: false, why: String(error) }));
    if (state.ready) return { name: spec.name, logFile, child };
    if (Date.now() > deadline) {
      child.kill('SIGTERM');
      throw new Error(
        `${spec.name} was not ready after ${timeoutMs} ms: ${state.why}; see ${logFile}`,
      );
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

const READY: ReadyState = { ready: true };

/** Ready once `url` answers 2xx; else what it answered (a readiness report names the failing checks). */
export const httpReady =
  (url: string): ReadyProbe =>
  async () => {
    const answer = await fetch(url, { signal: AbortSignal.timeout(5_000) }).then(
      (response) => ({ response }),
      (error: { message?: string; cause?: { code?: string } }) => ({ error }),
    );
    if ('error' in answer) {
      const cause = answer.error.cause?.code ?? answer.error.message;
      return { ready: false, why: `${url} does not answer (${cause})` };
    }
    const { response } = answer;
    if (response.ok) return READY;
    const body = await response.text().catch(() => '');
    return { ready: false, why: `${url} answered ${response.status} ${notReadyBecause(body)}` };
  };

/**
 * What a `/health/ready` report says is down (`database: no answer within 1000 ms`), else the
 * body as it came, cut short.
 */
export function notReadyBecause(body: string): string {
  try {
    const report = JSON.parse(body) as { error?: Record<string, Record<string, unknown>> };
    const failing = Object.entries(report.error ?? {}).map(([check, detail]) => {
      const { status: _status, ...rest } = detail;
      return `${check}: ${typeof rest.message === 'string' ? rest.message : JSON.stringify(rest)}`;
    });
    if (failing.length > 0) return `(${failing.join('; ')})`;
  } catch {
    // not a readiness report
  }
  return body.length > 300 ? `${body.slice(0, 300)}…` : body;
}

/** Ready once every probe says so (a process that serves on several ports); else the first why. */
export const everyReady =
  (probes: readonly ReadyProbe[]): ReadyProbe =>
  async (logText) => {
    const states = await Promise.all(probes.map((probe) => probe(logText)));
    return states.find((s) => !s.ready) ?? READY;
  };

export const logReady =
  (marker: string): ReadyProbe =>
  async (log) =>
    log.includes(marker) ? READY : { ready: false, why: `its log does not say "${marker}" yet` };
