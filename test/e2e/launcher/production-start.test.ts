import { killStrayChildren, startTsProcess } from '../../support/child-process';

const SERVICES = [
  { name: 'gateway', entry: 'apps/gateway/src/main.ts' },
  { name: 'orchestrator', entry: 'apps/orchestrator/src/main.ts' },
  { name: 'audit ledger', entry: 'apps/audit-ledger/src/main.ts' },
  { name: 'ops API', entry: 'apps/ops/src/main.ts' },
];

describe('services started outside development', () => {
  afterAll(killStrayChildren);

  it('each refuses to start without KAFKA_BROKERS and DATABASE_URL, in one clear message and no stack', async () => {
    const production = {
      NODE_ENV: 'production',
      KAFKA_BROKERS: undefined,
      DATABASE_URL: undefined,
    };
    const runs = SERVICES.map((s) => ({ ...s, run: startTsProcess(s.entry, production) }));
    for (const { name, run } of runs) {
      expect((await run.exited).code).toBe(1);
      const output = run.output();
      expect(output).toContain(`${name} failed to start: Invalid configuration:`);
      expect(output).toContain('KAFKA_BROKERS: is required when NODE_ENV=production');
      expect(output).toContain('DATABASE_URL: is required when NODE_ENV=production');
      expect(output).not.toMatch(/^\s+at /m);
    }
  });
});
