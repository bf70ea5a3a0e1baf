import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';

const ROOT = resolve(__dirname, '../..');

export interface RunningChild {
  child: ChildProcess;
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Children not yet exited: a test that fails half-way must not leave them holding Jest open. */
const running = new Set<ChildProcess>();

/** Starts a TypeScript fixture as its own Node process, the way services run. */
export function startTsProcess(
  file: string,
  env: Record<string, string | undefined>,
  args: string[] = [],
): RunningChild {
  const child = spawn(
    process.execPath,
    ['-r', '@swc-node/register', resolve(ROOT, file), ...args],
    {
      cwd: ROOT,
      env: withoutUnset({ ...process.env, ...env }),
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  running.add(child);
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) =>
    child.once('exit', (code, signal) => {
      running.delete(child);
      done({ code, signal });
    }),
  );
  return { child, output: () => out, exited };
}

/** A variable given as undefined is left out, so a test can unset one it inherited. */
function withoutUnset(env: Record<string, string | undefined>): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined));
}

/** SIGKILLs every child a test started and left running (call it from `afterAll`). */
export async function killStrayChildren(): Promise<void> {
  const stray = [...running];
  await Promise.all(
    stray.map(
      (child) =>
        new Promise<void>((done) => {
          child.once('exit', () => done());
          if (!child.kill('SIGKILL')) done();
        }),
    ),
  );
}

/** The last `lines` lines a child printed, to attach to a failure. */
export function outputTail(run: RunningChild, lines = 40): string {
  return run.output().trimEnd().split('\n').slice(-lines).join('\n');
}
