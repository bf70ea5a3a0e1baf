import { ConfigError } from '@handoff/config';
import { loadMnoSimulatorConfig } from './mno.config';

describe('loadMnoSimulatorConfig', () => {
  it('defaults to 127.0.0.1:18081 with a 300 ms completion, an immediate donor and no faults', () => {
    expect(loadMnoSimulatorConfig({})).toEqual({
      host: '127.0.0.1',
      port: 18081,
      completionDelayMs: 300,
      portInDecisionMs: 0,
      faults: [],
    });
  });

  it('reads one fault rule or an array of them from MNO_SIM_FAULTS', () => {
    const one = loadMnoSimulatorConfig({ MNO_SIM_FAULTS: '{"endpoint":"*","outage":true}' });
    expect(one.faults).toEqual([{ endpoint: '*', outage: true }]);
    const many = loadMnoSimulatorConfig({
      MNO_SIM_FAULTS:
        '[{"endpoint":"createOrder","unknownIccids":["8901"]},{"endpoint":"getOrder"}]',
    });
    expect(many.faults).toHaveLength(2);
  });

  it('names the variable and field at fault', () => {
    const load = () =>
      loadMnoSimulatorConfig({
        MNO_SIM_COMPLETION_DELAY_MS: '-1',
        MNO_SIM_PORT_IN_DECISION_MS: '90000000',
        MNO_SIM_FAULTS: '{"endpoint":"createOrder","stuck":true}',
      });
    expect(load).toThrow(ConfigError);
    expect(load).toThrow(/MNO_SIM_COMPLETION_DELAY_MS/);
    expect(load).toThrow(/MNO_SIM_PORT_IN_DECISION_MS/);
    expect(load).toThrow(/MNO_SIM_FAULTS.*stuck/);
  });

  it('says MNO_SIM_FAULTS must be JSON when it is not', () => {
    expect(() => loadMnoSimulatorConfig({ MNO_SIM_FAULTS: 'outage' })).toThrow(
      /MNO_SIM_FAULTS: must be JSON/,
    );
  });
});
