import { z } from 'zod';
import { loadConfig } from '@handoff/config';

const schema = z.object({
  /**
   * `on`: activation checks each SIM against the inventory (known, not active, lost, returned or
   * used, shipped to the dealer asking). `off` (the default): it does not, so BSS clients and
   * tests that know nothing of the inventory keep working. SIM states are tracked either way.
   */
  SIM_INVENTORY_CHECKS: z
    .enum(['on', 'off'], { errorMap: () => ({ message: 'must be on or off' }) })
    .default('off'),
});

export interface SimInventorySettings {
  checks: boolean;
}

export function loadSimInventoryConfig(
  env: Record<string, string | undefined> = process.env,
): SimInventorySettings {
  return { checks: loadConfig(schema, env).SIM_INVENTORY_CHECKS === 'on' };
}
