import { loadConfig } from '@handoff/config';
import { z } from 'zod';
import type { FaultRule } from '../shared/faults/fault-rule.schema';
import { faultRulesVariable, unsetWhenEmpty } from '../shared/faults/fault-rules-env';
import { taxFaultRuleSchema } from './tax-fault-rule.schema';

const taxEnvSchema = z.object({
  TAX_SIM_HOST: z.preprocess(unsetWhenEmpty, z.string().default('127.0.0.1')),
  // 18084: beside the MNO (18081), clear of the gateway (18080) and ops (18082); 0 picks a free port.
  TAX_SIM_PORT: z.preprocess(
    unsetWhenEmpty,
    z.coerce.number().int().min(0).max(65535).default(18084),
  ),
  TAX_SIM_FAULTS: faultRulesVariable(taxFaultRuleSchema),
});

export interface TaxSimulatorConfig {
  host: string;
  port: number;
  faults: FaultRule[];
}

/** The tax engine simulator's `TAX_SIM_*` variables; a bad one fails start-up with its name. */
export function loadTaxSimulatorConfig(
  env: Record<string, string | undefined>,
): TaxSimulatorConfig {
  const vars = loadConfig(taxEnvSchema, env);
  return { host: vars.TAX_SIM_HOST, port: vars.TAX_SIM_PORT, faults: vars.TAX_SIM_FAULTS ?? [] };
}
