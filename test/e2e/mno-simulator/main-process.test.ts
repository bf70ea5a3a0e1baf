import { startTsProcess } from '../../support/child-process';
import { waitFor } from '../../support/test-infra';

const MAIN = 'apps/vendor-simulators/src/main.ts';

describe('vendor simulators as a process', () => {
  it('listens on the configured port, serves its OpenAPI document, and exits 0 on SIGTERM', async () => {
    const run = startTsProcess(MAIN, { MNO_SIM_PORT: '0', TAX_SIM_PORT: '0', LOG_LEVEL: 'info' });
    try {
      const url = await waitFor('the listening line', () => {
        const line = run.output().match(/"mno":"(http:\/\/127\.0\.0\.1:\d+)"/);
        return line?.[1];
      });
      const openApi = (await (await fetch(`${url}/docs-json`)).json()) as { paths: object };
      expect(Object.keys(openApi.paths)).toContain('/tmf-api/serviceOrdering/v4/serviceOrder');
      const taxUrl = /"tax":"(http:\/\/127\.0\.0\.1:\d+)"/.exec(run.output())?.[1];
      const taxApi = (await (await fetch(`${taxUrl}/docs-json`)).json()) as { paths: object };
      expect(Object.keys(taxApi.paths)).toContain('/communications-tax/v1/documents/calculate');

      run.child.kill('SIGTERM');
      expect(await run.exited).toEqual({ code: 0, signal: null });
    } finally {
      run.child.kill('SIGKILL');
    }
  });

  it('refuses to start with an invalid MNO_SIM_FAULTS, naming the variable and the field', async () => {
    const run = startTsProcess(MAIN, { MNO_SIM_FAULTS: '{"endpoint":"*","errorRate":5}' });
    expect((await run.exited).code).toBe(1);
    expect(run.output()).toMatch(/MNO_SIM_FAULTS\.0\.errorRate/);
  });

  it('refuses to start with an invalid TAX_SIM_FAULTS, naming the variable and the field', async () => {
    const run = startTsProcess(MAIN, { TAX_SIM_FAULTS: '{"endpoint":"createOrder"}' });
    expect((await run.exited).code).toBe(1);
    expect(run.output()).toMatch(/TAX_SIM_FAULTS\.0\.endpoint/);
  });

  it('refuses to start with a port that is not a number, naming the variable', async () => {
    const run = startTsProcess(MAIN, { MNO_SIM_PORT: 'eighty' });
    expect((await run.exited).code).toBe(1);
    expect(run.output()).toContain('MNO_SIM_PORT');
  });
});
