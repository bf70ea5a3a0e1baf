import { loadConfig } from '@handoff/config';
import { z } from 'zod';
import { faultRuleList } from '../shared/faults/fault-rule.schema';
import { type PaymentFaultRule, paymentFaultRuleSchema } from './payment-fault-rule.schema';
import { DEFAULT_AUTHORIZATION_TTL_MS, MAX_AUTHORIZATION_TTL_MS } from './payment-options';

const unsetWhenEmpty = (value: unknown) => (value === '' ? undefined : value);

const jsonText = z.string().transform((text, ctx): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    ctx.addIssue({ code: 'custom', message: 'must be JSON: a fault rule or an array of them' });
    return z.NEVER;
  }
});

const paymentEnvSchema = z.object({
  PAYMENT_SIM_HOST: z.preprocess(unsetWhenEmpty, z.string().default('127.0.0.1')),
  // 18085: 18080-18084 are the gateway, the MNO, ops and the tax engine's neighbours; 0 picks a free port.
  PAYMENT_SIM_PORT: z.preprocess(
    unsetWhenEmpty,
    z.coerce.number().int().min(0).max(65535).default(18085),
  ),
  PAYMENT_SIM_AUTHORIZATION_TTL_MS: z.preprocess(
    unsetWhenEmpty,
    z.coerce
      .number()
      .int()
      .min(1)
      .max(MAX_AUTHORIZATION_TTL_MS)
      .default(DEFAULT_AUTHORIZATION_TTL_MS),
  ),
  PAYMENT_SIM_FAULTS: z.preprocess(
    unsetWhenEmpty,
    jsonText.pipe(faultRuleList(paymentFaultRuleSchema)).optional(),
  ),
});

export interface PaymentSimulatorConfig {
  host: string;
  port: number;
  authorizationTtlMs: number;
  faults: PaymentFaultRule[];
}

/** The payment simulator's `PAYMENT_SIM_*` variables; a bad one fails start-up with its name. */
export function loadPaymentSimulatorConfig(
  env: Record<string, string | undefined>,
): PaymentSimulatorConfig {
  const vars = loadConfig(paymentEnvSchema, env);
  return {
    host: vars.PAYMENT_SIM_HOST,
    port: vars.PAYMENT_SIM_PORT,
    authorizationTtlMs: vars.PAYMENT_SIM_AUTHORIZATION_TTL_MS,
    faults: vars.PAYMENT_SIM_FAULTS ?? [],
  };
}
