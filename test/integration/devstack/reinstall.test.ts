import { chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { killStrayChildren, startTsProcess } from '../../support/child-process';
import { infra } from '../../support/test-infra';

const DEVSTACK = 'apps/devstack/src/main.ts';

/** Alive and not a zombie (a detached server's exit is reaped by init, which may take a while). */
function running(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

/** Whether anything accepts a TCP connection on the port now. */
function answers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/**
 * A fresh clone under a private home (as root in CI, the `postgres` OS user cannot enter it): the
 * first `infra:up` runs before `.cache` exists, later commands after. Whatever the first started,
 * the later ones must find (not take for someone else's) and `infra:down` must stop.
 */
describe('devstack on a fresh cache (PostgreSQL; the suite’s Kafka as an external one)', () => {
  const home = mkdtempSync(join(tmpdir(), 'handoff-reinstall-'));
  chmodSync(home, 0o700);
  const pgPort = 26000 + Math.floor(Math.random() * 3000);
  const env = {
    HANDOFF_CACHE_DIR: join(home, 'checkout', '.cache'),
    HANDOFF_PG_PORT: String(pgPort),
    KAFKA_BROKERS: infra.kafka.brokers.join(','),
    DATABASE_URL: undefined,
    HANDOFF_REGISTRY: 'off',
    SCHEMA_REGISTRY_URL: undefined,
  };
  const devstack = async (command: string) => {
    const run = startTsProcess(DEVSTACK, env, [command]);
    const { code } = await run.exited;
    return { code, output: run.output() };
  };

  afterAll(async () => {
    await devstack('down');
    await killStrayChildren();
    rmSync(home, { recursive: true, force: true });
  });

  it('finds and stops the PostgreSQL its first run started', async () => {
    const first = await devstack('up');
    expect(first.code).toBe(0);
    const pid = /postgres +ready .*\(devstack, pid (\d+)\)/.exec(first.output)?.[1];
    expect(pid).toBeDefined();

    const again = await devstack('up');
    expect(again.code).toBe(0);
    expect(again.output).toContain(`postgres  already running (pid ${pid})`);
    expect(again.output).not.toContain('not started by the devstack');

    const status = await devstack('status');
    expect(status.output).toMatch(new RegExp(`postgres +ready .*\\(devstack, pid ${pid}\\)`));

    const down = await devstack('down');
    expect(down.code).toBe(0);
    expect(down.output).toContain('postgres  stopped');
    expect(await answers(pgPort)).toBe(false);
    expect(running(Number(pid))).toBe(false);
  });
});
