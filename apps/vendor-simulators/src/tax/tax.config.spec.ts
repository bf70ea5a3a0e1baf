import { ConfigError } from '@handoff/config';
import { loadTaxSimulatorConfig } from './tax.config';

describe('loadTaxSimulatorConfig', () => {
  it('defaults to 127.0.0.1:18084 with no faults', () => {
    expect(loadTaxSimulatorConfig({})).toEqual({ host: '127.0.0.1', port: 18084, faults: [] });
  });

  it('reads the port and one fault rule or an array of them from TAX_SIM_FAULTS', () => {
    const one = loadTaxSimulatorConfig({
      TAX_SIM_PORT: '0',
      TAX_SIM_FAULTS: '{"endpoint":"commit","outage":true}',
    });
    expect(one).toMatchObject({ port: 0, faults: [{ endpoint: 'commit', outage: true }] });
    const many = loadTaxSimulatorConfig({
      TAX_SIM_FAULTS: '[{"endpoint":"*","latencyMs":50},{"endpoint":"calculate","errorRate":1}]',
    });
    expect(many.faults).toHaveLength(2);
  });

  it('names the variable and field at fault', () => {
    const load = () =>
      loadTaxSimulatorConfig({
        TAX_SIM_PORT: 'eighty',
        TAX_SIM_FAULTS: '{"endpoint":"createOrder"}',
      });
    expect(load).toThrow(ConfigError);
    expect(load).toThrow(/TAX_SIM_PORT/);
    expect(load).toThrow(/TAX_SIM_FAULTS.*endpoint/);
    expect(() => loadTaxSimulatorConfig({ TAX_SIM_FAULTS: 'outage' })).toThrow(
      /TAX_SIM_FAULTS: must be JSON/,
    );
  });
});
