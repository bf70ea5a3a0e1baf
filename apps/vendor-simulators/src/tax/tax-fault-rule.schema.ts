import { z } from 'zod';
import { type FaultRule, faultRuleFields } from '../shared/faults/fault-rule.schema';

/** The tax engine's fault-injectable endpoints, as `PUT /admin/faults` names them. */
export const TAX_ENDPOINTS = [
  'calculate',
  'getDocument',
  'commit',
  'void',
  'adjust',
  'geocode',
  'jurisdictions',
] as const;
export type TaxEndpoint = (typeof TAX_ENDPOINTS)[number];

/** Unknown fields are refused, so a misspelt fault fails loudly instead of silently not applying. */
export const taxFaultRuleSchema: z.ZodType<FaultRule, z.ZodTypeDef, unknown> = z
  .object(faultRuleFields(TAX_ENDPOINTS))
  .strict();
