import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { httpReady, startService, stopService, type ServiceSpec } from '@handoff/service-launcher';
import { startTsProcess } from '../../support/child-process';
import { closedPort, waitFor } from '../../support/test-infra';

const STUB = 'test/support/fixtures/readiness-stub.ts';

async function stub(readyAfterMs?: number): Promise<ServiceSpec> {
  const port = await closedPort();
  return {
    name: 'stubborn',
    entry: STUB,
    env: {
      STUB_PORT: String(port),
      ...(readyAfterMs === undefined ? {} : { READY_AFTER_MS: String(readyAfterMs) }),
    },
    ready: httpReady(`http://127.0.0.1:${port}/health/ready`),
  };
}

const logFile = () => join(tmpdir(), `handoff-readiness-${process.pid}-${Date.now()}.log`);

describe('the launcher waits on each service readiness', () => {
  it('gives up at the deadline naming the service and what its readiness says is down, and stops it', async () => {
    const spec = await stub();

    const start = startService(spec, logFile(), { timeoutMs: 4_000 });

    await expect(start).rejects.toThrow(
      /^stubborn was not ready after 4000 ms: http:\/\/127\.0\.0\.1:\d+\/health\/ready answered 503 \(database: no answer within 1000 ms\); see /,
    );
    await waitFor('the service stopped', async () => {
      const state = await spec.ready('');
      return !state.ready && state.why.includes('does not answer') && state.why;
    });
  });

  it('reports a service started only once its readiness answers 200', async () => {
    const spec = await stub(1_500);
    const asked = Date.now();

    const running = await startService(spec, logFile(), { timeoutMs: 20_000 });

    try {
      expect(Date.now() - asked).toBeGreaterThanOrEqual(1_500);
      expect((await spec.ready('')).ready).toBe(true);
    } finally {
      expect(await stopService(running)).toBe(true);
    }
  });
});

describe('a service whose launcher dies', () => {
  it('stops itself when its launcher is SIGKILLed instead of running on orphaned', async () => {
    const port = await closedPort();
    const launcher = startTsProcess('test/support/fixtures/stub-launcher.ts', {
      STUB_PORT: String(port),
    });
    const pid = Number(
      await waitFor('the service started', () => /service pid (\d+)/.exec(launcher.output())?.[1]),
    );
    expect(isRunning(pid)).toBe(true);

    launcher.child.kill('SIGKILL');
    await launcher.exited;

    await waitFor('the orphaned service gone', () => !isRunning(pid), 15_000);
  });
});

/** Alive and not a zombie (an orphan's exit is reaped by whoever adopted it, maybe late). */
function isRunning(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}
