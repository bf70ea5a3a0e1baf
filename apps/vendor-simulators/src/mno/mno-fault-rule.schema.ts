import { z } from 'zod';
import { type FaultRule, faultRuleFields } from '../shared/faults/fault-rule.schema';

/** The MNO's fault-injectable endpoints, as `PUT /admin/faults` names them. */
export const MNO_ENDPOINTS = [
  'createOrder',
  'getOrder',
  'listOrders',
  'getService',
  'listServices',
] as const;
export type MnoEndpoint = (typeof MNO_ENDPOINTS)[number];

/** Common faults plus the network's own: orders that never finish, SIMs it does not know. */
export interface MnoFaultRule extends FaultRule {
  stuckOrders?: boolean;
  unknownIccids?: string[];
}

/** Unknown fields are refused, so a misspelt fault fails loudly instead of silently not applying. */
export const mnoFaultRuleSchema: z.ZodType<MnoFaultRule, z.ZodTypeDef, unknown> = z
  .object({
    ...faultRuleFields(MNO_ENDPOINTS),
    stuckOrders: z.boolean().optional(),
    unknownIccids: z.array(z.string().min(1)).optional(),
  })
  .strict();
