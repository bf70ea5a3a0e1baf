import { ConfigError } from '@handoff/config';
import { loadOrchestratorConfig } from './orchestrator.config';

describe('loadOrchestratorConfig', () => {
  it('renews payment authorizations a day before they lapse unless told otherwise', () => {
    expect(loadOrchestratorConfig({}).authorizationRenewMarginMs).toBe(24 * 60 * 60_000);
  });

  it('refuses a renewal margin a waiting activation could sleep through, naming the variable', () => {
    const load = () =>
      loadOrchestratorConfig({
        ORCHESTRATOR_RETRY_DELAYS_MS: '500,1000,5000',
        PAYMENT_AUTHORIZATION_RENEW_MARGIN_MS: '5000',
      });
    expect(load).toThrow(ConfigError);
    expect(load).toThrow(
      /PAYMENT_AUTHORIZATION_RENEW_MARGIN_MS: must be longer than the longest retry delay \(5000 ms\)/,
    );
  });
});

describe('loadOrchestratorConfig: the HTTP port and port-ins', () => {
  it('listens on loopback 18087 and lets a port-in wait two days unless told otherwise', () => {
    expect(loadOrchestratorConfig({})).toMatchObject({
      http: { port: 18087, host: '127.0.0.1' },
      callbackBaseUrl: undefined,
      portInWaitLimitMs: 2 * 24 * 3_600_000,
    });
  });

  it('refuses a port that is not one, naming the variable', () => {
    expect(() => loadOrchestratorConfig({ ORCHESTRATOR_PORT: 'http' })).toThrow(
      /ORCHESTRATOR_PORT/,
    );
  });
});

describe('loadOrchestratorConfig: the port-out poll', () => {
  it('reads the MNO for port-outs every five minutes unless told otherwise, and 0 turns it off', () => {
    expect(loadOrchestratorConfig({}).portOutPollIntervalMs).toBe(5 * 60_000);
    const off = loadOrchestratorConfig({ MNO_PORT_OUT_POLL_INTERVAL_MS: '0' });
    expect(off.portOutPollIntervalMs).toBe(0);
  });

  it('refuses an interval that would hammer the MNO, naming the variable', () => {
    expect(() => loadOrchestratorConfig({ MNO_PORT_OUT_POLL_INTERVAL_MS: '50' })).toThrow(
      /MNO_PORT_OUT_POLL_INTERVAL_MS: must be 0 \(off\) or at least 1000 ms/,
    );
  });
});
