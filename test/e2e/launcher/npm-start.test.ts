import { createServer } from 'node:net';
import { killStrayChildren, startTsProcess, type RunningChild } from '../../support/child-process';
import { infra, waitFor } from '../../support/test-infra';
import { createDataSource } from '@handoff/persistence';

const LAUNCHER = 'apps/launcher/src/main.ts';

/** A port nothing listens on now, so the launched services do not collide with other tests'. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const address = server.address();
  await new Promise<void>((done) => server.close(() => done()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

async function ports() {
  return {
    GATEWAY_PORT: await freePort(),
    OPS_PORT: await freePort(),
    MNO_SIM_PORT: await freePort(),
    PAYMENT_SIM_PORT: await freePort(),
    TAX_SIM_PORT: await freePort(),
    ORCHESTRATOR_PORT: await freePort(),
    PAYMENTS_PORT: await freePort(),
    USAGE_PORT: await freePort(),
    AUDIT_LEDGER_PORT: await freePort(),
  };
}

/** Every launcher a test started. */
const launched: RunningChild[] = [];

/** The launcher as `npm start` runs it, on the devstack's own database (the local stack). */
function launch(args: string[], env: Record<string, number>): RunningChild {
  const localStack = { DATABASE_URL: undefined, KAFKA_BROKERS: undefined, LOG_LEVEL: 'info' };
  const stringEnv = Object.fromEntries(Object.entries(env).map(([k, v]) => [k, String(v)]));
  const run = startTsProcess(LAUNCHER, { ...localStack, ...stringEnv }, args);
  launched.push(run);
  return run;
}

const answers = async (url: string, init?: RequestInit) =>
  fetch(url, init).then(
    (r) => r.status,
    () => 0,
  );

/** The services' pids as the launcher prints them (each leads its own process group). */
function servicePids(run: RunningChild): number[] {
  return [...run.output().matchAll(/^ {3}\S+ +pid (\d+) +log /gm)].map((m) => Number(m[1]));
}

describe('npm start (the services as their own processes)', () => {
  // A launcher killed by a failing test leaves its services running (their own process groups):
  // they would hold ports and consume the shared topics for the rest of the suite.
  afterAll(async () => {
    await killStrayChildren();
    for (const pid of launched.flatMap(servicePids)) {
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  });

  it('starts every service, prints an operator key that works, and stops them all cleanly on Ctrl-C', async () => {
    const p = await ports();
    const run = launch([], p);
    await waitFor(
      'every service running',
      () => /7 service\(s\) running/.test(run.output()),
      150_000,
    );

    const key = /^ {3}(ok_\S+)$/m.exec(run.output())?.[1];
    expect(key).toBeDefined();
    expect(await answers(`http://127.0.0.1:${p.GATEWAY_PORT}/health`)).toBe(200);
    expect(await answers(`http://127.0.0.1:${p.MNO_SIM_PORT}/admin/faults`)).toBe(200);
    // Every Handoff service answers its health endpoints and /metrics on the port the launcher gave it.
    const healthPorts = [
      p.GATEWAY_PORT,
      p.OPS_PORT,
      p.ORCHESTRATOR_PORT,
      p.PAYMENTS_PORT,
      p.USAGE_PORT,
      p.AUDIT_LEDGER_PORT,
    ];
    for (const port of healthPorts) {
      expect(await answers(`http://127.0.0.1:${port}/health/live`)).toBe(200);
      expect(await answers(`http://127.0.0.1:${port}/metrics`)).toBe(200);
      await waitFor(
        `ready on port ${port}`,
        async () => (await answers(`http://127.0.0.1:${port}/health/ready`)) === 200,
        15_000,
      );
    }
    const trace = `http://127.0.0.1:${p.OPS_PORT}/v1/trace/corr-npm-start-${Date.now()}`;
    expect(await answers(trace)).toBe(401);
    expect(await answers(trace, { headers: { authorization: `Bearer ${key}` } })).not.toBe(401);
    const pids = servicePids(run);
    expect(pids).toHaveLength(7);

    run.child.kill('SIGINT');
    expect(await run.exited).toEqual({ code: 0, signal: null });
    expect(run.output()).toContain('all services stopped cleanly');
    for (const pid of pids) expect(() => process.kill(pid, 0)).toThrow();
    expect(await answers(`http://127.0.0.1:${p.GATEWAY_PORT}/health`)).toBe(0);

    // The key's issuance is in the ledger, against the database user that issued it.
    const db = await createDataSource(infra.databaseUrl).initialize();
    try {
      const rows = await db.query<{ actor: string; outcome: string }[]>(
        `SELECT actor, outcome FROM audit_ledger WHERE kind = 'operator-key'
           AND summary->>'operatorId' = 'local-oncall' ORDER BY id DESC LIMIT 1`,
      );
      expect(rows[0]).toMatchObject({
        actor: expect.stringMatching(/^database:handoff /),
        outcome: 'bootstrapped',
      });
    } finally {
      await db.destroy();
    }
  });

  it('starts only the services --only names, and stops them on SIGTERM', async () => {
    const p = await ports();
    const run = launch(['--only', 'gateway'], p);
    await waitFor('the gateway running', () => /1 service\(s\) running/.test(run.output()), 90_000);
    expect(await answers(`http://127.0.0.1:${p.GATEWAY_PORT}/health`)).toBe(200);
    expect(await answers(`http://127.0.0.1:${p.OPS_PORT}/docs-json`)).toBe(0);

    run.child.kill('SIGTERM');
    expect(await run.exited).toEqual({ code: 0, signal: null });
  });

  it('refuses an unknown service before starting anything, naming the known ones', async () => {
    const run = launch(['--only', 'gateway,billing'], await ports());
    expect((await run.exited).code).toBe(1);
    expect(run.output()).toContain('unknown service "billing" (known: vendor-simulators');
    expect(run.output()).not.toContain('starting');
  });
});
