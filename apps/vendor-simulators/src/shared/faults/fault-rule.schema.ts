import { z } from 'zod';

export const ANY_ENDPOINT = '*';
export const MAX_LATENCY_MS = 600_000;

export type MalformedKind = 'invalidJson' | 'missingFields';

/** Faults every simulator understands; a simulator adds its own fields (see the MNO's rule). */
export interface FaultRule {
  endpoint: string;
  latencyMs?: number;
  errorRate?: number;
  errorStatus?: 500 | 503;
  timeoutRate?: number;
  outage?: boolean;
  malformedRate?: number;
  malformedKind?: MalformedKind;
  processThenTimeout?: boolean;
}

const rate = z.number().min(0).max(1);

/** The common fields of a fault rule, for a simulator whose fault-injectable endpoints are `endpoints`. */
export function faultRuleFields(endpoints: readonly string[]) {
  const allowed = [...endpoints, ANY_ENDPOINT];
  return {
    endpoint: z
      .string({ required_error: 'required' })
      .refine((name) => allowed.includes(name), `must be one of ${allowed.join(', ')}`),
    latencyMs: z.number().int().min(0).max(MAX_LATENCY_MS).optional(),
    errorRate: rate.optional(),
    errorStatus: z.union([z.literal(500), z.literal(503)]).optional(),
    timeoutRate: rate.optional(),
    outage: z.boolean().optional(),
    malformedRate: rate.optional(),
    malformedKind: z.enum(['invalidJson', 'missingFields']).optional(),
    processThenTimeout: z.boolean().optional(),
  };
}

/** One rule or an array of them, as the admin API and the `*_SIM_FAULTS` variables accept. */
export function faultRuleList<R extends FaultRule>(rule: z.ZodType<R, z.ZodTypeDef, unknown>) {
  return z.preprocess(
    (value): unknown[] => (Array.isArray(value) ? value : [value]),
    z.array(rule),
  );
}
