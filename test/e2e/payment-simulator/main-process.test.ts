import { startTsProcess } from '../../support/child-process';
import { waitFor } from '../../support/test-infra';

const MAIN = 'apps/vendor-simulators/src/main.ts';

describe('the payment simulator in the vendor simulators process', () => {
  it('listens on PAYMENT_SIM_PORT beside the MNO and serves its OpenAPI document', async () => {
    const run = startTsProcess(MAIN, {
      MNO_SIM_PORT: '0',
      PAYMENT_SIM_PORT: '0',
      LOG_LEVEL: 'info',
    });
    try {
      const url = await waitFor('the listening line', () => {
        const line = run.output().match(/"payment":"(http:\/\/127\.0\.0\.1:\d+)"/);
        return line?.[1];
      });
      const openApi = (await (await fetch(`${url}/docs-json`)).json()) as { paths: object };
      expect(Object.keys(openApi.paths)).toEqual(
        expect.arrayContaining([
          '/v1/payment_intents',
          '/v1/payment_intents/{id}/capture',
          '/v1/payment_intents/{id}/cancel',
          '/v1/refunds',
          '/admin/effects',
        ]),
      );

      run.child.kill('SIGTERM');
      expect(await run.exited).toEqual({ code: 0, signal: null });
    } finally {
      run.child.kill('SIGKILL');
    }
  });

  it('refuses to start with an invalid PAYMENT_SIM_AUTHORIZATION_TTL_MS, naming the variable', async () => {
    const run = startTsProcess(MAIN, {
      MNO_SIM_PORT: '0',
      PAYMENT_SIM_PORT: '0',
      PAYMENT_SIM_AUTHORIZATION_TTL_MS: 'a week',
    });
    expect((await run.exited).code).toBe(1);
    expect(run.output()).toContain('PAYMENT_SIM_AUTHORIZATION_TTL_MS');
  });
});
