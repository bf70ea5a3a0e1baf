import { z } from 'zod';
import { type FaultRule, faultRuleFields } from '../shared/faults/fault-rule.schema';

/** The processor's fault-injectable endpoints, as `PUT /admin/faults` names them. */
export const PAYMENT_ENDPOINTS = [
  'createIntent',
  'getIntent',
  'listIntents',
  'captureIntent',
  'cancelIntent',
  'createRefund',
] as const;
export type PaymentEndpoint = (typeof PAYMENT_ENDPOINTS)[number];

export type PaymentFaultRule = FaultRule;

/** The common faults only: declines are asked for with test tokens, not faults. Unknown fields are refused. */
export const paymentFaultRuleSchema: z.ZodType<PaymentFaultRule, z.ZodTypeDef, unknown> = z
  .object(faultRuleFields(PAYMENT_ENDPOINTS))
  .strict();
