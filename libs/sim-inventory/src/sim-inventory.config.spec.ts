import { ConfigError } from '@handoff/config';
import { loadSimInventoryConfig } from './sim-inventory.config';

describe('loadSimInventoryConfig', () => {
  it('leaves the checks off by default', () => {
    expect(loadSimInventoryConfig({})).toEqual({ checks: false });
  });

  it('turns them on with SIM_INVENTORY_CHECKS=on', () => {
    expect(loadSimInventoryConfig({ SIM_INVENTORY_CHECKS: 'on' })).toEqual({ checks: true });
  });

  it('refuses another value naming the variable', () => {
    const load = () => loadSimInventoryConfig({ SIM_INVENTORY_CHECKS: 'yes' });
    expect(load).toThrow(ConfigError);
    expect(load).toThrow('SIM_INVENTORY_CHECKS: must be on or off');
  });
});
