import { z } from 'zod';
import { planCodeField } from './activation-request.schema';
import { fieldErrorsOf, firstPerField, type FieldError } from './field-errors';
import {
  cardNumberErrors,
  isObject,
  planCodeErrors,
  type PlanCatalogue,
} from './validate-activation-request';

/** What a dealer sends to move a line it activated to another plan. Unknown fields are refused. */
export const planChangeRequestSchema = z.object({ planCode: planCodeField }).strict();

export type PlanChangeRequest = z.output<typeof planChangeRequestSchema>;

export type PlanChangeValidation =
  { ok: true; request: PlanChangeRequest } | { ok: false; fields: FieldError[] };

/**
 * Validates a dealer's plan change with the activation's rules for the plan. A card number is
 * named before the unknown-plan rule, whose message quotes the code, could echo it.
 */
export function validatePlanChangeRequest(
  body: unknown,
  catalogue: PlanCatalogue,
): PlanChangeValidation {
  if (!isObject(body)) {
    return { ok: false, fields: [{ field: 'body', message: 'must be a JSON object' }] };
  }
  const parsed = planChangeRequestSchema.safeParse(body);
  const errors = firstPerField([
    ...cardNumberErrors(body),
    ...(parsed.success ? [] : fieldErrorsOf(parsed.error)),
    ...planCodeErrors(body, catalogue),
  ]);
  if (parsed.success && errors.length === 0) return { ok: true, request: parsed.data };
  return { ok: false, fields: errors };
}
