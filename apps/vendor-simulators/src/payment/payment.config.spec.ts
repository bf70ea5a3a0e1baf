import { ConfigError } from '@handoff/config';
import { loadPaymentSimulatorConfig } from './payment.config';

describe('loadPaymentSimulatorConfig', () => {
  it('defaults to 127.0.0.1:18085, 7-day authorizations and no faults', () => {
    expect(loadPaymentSimulatorConfig({})).toEqual({
      host: '127.0.0.1',
      port: 18085,
      authorizationTtlMs: 7 * 24 * 60 * 60_000,
      faults: [],
    });
  });

  it('reads a short authorization lifetime and faults for tests', () => {
    const config = loadPaymentSimulatorConfig({
      PAYMENT_SIM_PORT: '0',
      PAYMENT_SIM_AUTHORIZATION_TTL_MS: '500',
      PAYMENT_SIM_FAULTS: '[{"endpoint":"captureIntent","errorRate":1},{"endpoint":"*"}]',
    });
    expect(config).toMatchObject({ port: 0, authorizationTtlMs: 500 });
    expect(config.faults).toHaveLength(2);
  });

  it('names the variable and field at fault', () => {
    const load = () =>
      loadPaymentSimulatorConfig({
        PAYMENT_SIM_AUTHORIZATION_TTL_MS: '0',
        PAYMENT_SIM_FAULTS: '{"endpoint":"createOrder"}',
      });
    expect(load).toThrow(ConfigError);
    expect(load).toThrow(/PAYMENT_SIM_AUTHORIZATION_TTL_MS/);
    expect(load).toThrow(/PAYMENT_SIM_FAULTS.*endpoint/);
    expect(() => loadPaymentSimulatorConfig({ PAYMENT_SIM_PORT: 'eighty' })).toThrow(
      /PAYMENT_SIM_PORT/,
    );
    expect(() => loadPaymentSimulatorConfig({ PAYMENT_SIM_FAULTS: 'outage' })).toThrow(
      /PAYMENT_SIM_FAULTS: must be JSON/,
    );
  });
});
