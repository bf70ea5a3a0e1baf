import { loadConfig } from '@handoff/config';
import { z } from 'zod';
import { faultRuleList } from '../shared/faults/fault-rule.schema';
import { type MnoFaultRule, mnoFaultRuleSchema } from './mno-fault-rule.schema';
import {
  DEFAULT_COMPLETION_DELAY_MS,
  DEFAULT_PORT_IN_DECISION_MS,
  MAX_COMPLETION_DELAY_MS,
  MAX_PORT_IN_DECISION_MS,
} from './mno-options';

const unsetWhenEmpty = (value: unknown) => (value === '' ? undefined : value);

const jsonText = z.string().transform((text, ctx): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    ctx.addIssue({ code: 'custom', message: 'must be JSON: a fault rule or an array of them' });
    return z.NEVER;
  }
});

const mnoEnvSchema = z.object({
  MNO_SIM_HOST: z.preprocess(unsetWhenEmpty, z.string().default('127.0.0.1')),
  // 18081 stays clear of the usual 8080/8081; 0 picks a free port.
  MNO_SIM_PORT: z.preprocess(
    unsetWhenEmpty,
    z.coerce.number().int().min(0).max(65535).default(18081),
  ),
  MNO_SIM_COMPLETION_DELAY_MS: z.preprocess(
    unsetWhenEmpty,
    z.coerce
      .number()
      .int()
      .min(0)
      .max(MAX_COMPLETION_DELAY_MS)
      .default(DEFAULT_COMPLETION_DELAY_MS),
  ),
  MNO_SIM_PORT_IN_DECISION_MS: z.preprocess(
    unsetWhenEmpty,
    z.coerce
      .number()
      .int()
      .min(0)
      .max(MAX_PORT_IN_DECISION_MS)
      .default(DEFAULT_PORT_IN_DECISION_MS),
  ),
  MNO_SIM_FAULTS: z.preprocess(
    unsetWhenEmpty,
    jsonText.pipe(faultRuleList(mnoFaultRuleSchema)).optional(),
  ),
});

export interface MnoSimulatorConfig {
  host: string;
  port: number;
  completionDelayMs: number;
  portInDecisionMs: number;
  faults: MnoFaultRule[];
}

/** The MNO simulator's `MNO_SIM_*` variables; a bad one fails start-up with its name. */
export function loadMnoSimulatorConfig(
  env: Record<string, string | undefined>,
): MnoSimulatorConfig {
  const vars = loadConfig(mnoEnvSchema, env);
  return {
    host: vars.MNO_SIM_HOST,
    port: vars.MNO_SIM_PORT,
    completionDelayMs: vars.MNO_SIM_COMPLETION_DELAY_MS,
    portInDecisionMs: vars.MNO_SIM_PORT_IN_DECISION_MS,
    faults: vars.MNO_SIM_FAULTS ?? [],
  };
}
