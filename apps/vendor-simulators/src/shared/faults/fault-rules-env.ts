import { z } from 'zod';
import { type FaultRule, faultRuleList } from './fault-rule.schema';

/** An empty variable counts as unset, so `X=` in a shell falls back to the default. */
export const unsetWhenEmpty = (value: unknown) => (value === '' ? undefined : value);

const jsonText = z.string().transform((text, ctx): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    ctx.addIssue({ code: 'custom', message: 'must be JSON: a fault rule or an array of them' });
    return z.NEVER;
  }
});

/** A `*_SIM_FAULTS` variable: JSON, one rule or an array, each checked against the simulator's rule. */
export function faultRulesVariable<R extends FaultRule>(rule: z.ZodType<R, z.ZodTypeDef, unknown>) {
  return z.preprocess(unsetWhenEmpty, jsonText.pipe(faultRuleList(rule)).optional());
}
