import { cardDataFields } from '@handoff/card-data';
import { activationRequestSchema, type ActivationRequest } from './activation-request.schema';
import { fieldErrorsOf, firstPerField, type FieldError } from './field-errors';

export interface PlanCatalogue {
  /** Active plan codes; the gateway reads them from the `plans` table. */
  knownPlans: ReadonlySet<string>;
}

export type ValidationResult =
  { ok: true; request: ActivationRequest } | { ok: false; fields: FieldError[] };

export const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Rules across fields, checked on the raw body so they are reported even when other fields fail
 * (zod skips an object's refinements once one of its fields has the wrong type).
 */
function crossFieldErrors(body: Record<string, unknown>, catalogue?: PlanCatalogue): FieldError[] {
  const errors: FieldError[] = [];
  const { charges, paymentMethodToken } = body;
  if (Array.isArray(charges) && charges.length > 0 && paymentMethodToken == null) {
    errors.push({ field: 'paymentMethodToken', message: 'required when there are charges' });
  }
  return [...errors, ...planCodeErrors(body, catalogue)];
}

/** `planCode` names an active plan of the catalogue (when one is given to check against). */
export function planCodeErrors(
  body: Record<string, unknown>,
  catalogue?: PlanCatalogue,
): FieldError[] {
  const { planCode } = body;
  const code = typeof planCode === 'string' ? planCode.trim() : '';
  if (!catalogue || !code || catalogue.knownPlans.has(code)) return [];
  return [{ field: 'planCode', message: `unknown plan "${code}"` }];
}

/**
 * Any field holding what looks like a card number, wherever it is: card data never enters Handoff.
 * Fields with a format of their own (a valid ICCID, an MSISDN) are that thing, not a card.
 */
export function cardNumberErrors(body: Record<string, unknown>): FieldError[] {
  return cardDataFields(body).map((field) => ({
    field,
    message:
      'holds what looks like a card number; card data is never accepted (payment methods are processor tokens)',
  }));
}

/**
 * Validates a dealer's activation request and reports every failing field, never only the first,
 * so a dealer fixes the request in one round trip. Pass the catalogue to also check the plan.
 */
export function validateActivationRequest(
  body: unknown,
  catalogue?: PlanCatalogue,
): ValidationResult {
  if (!isObject(body)) {
    return { ok: false, fields: [{ field: 'body', message: 'must be a JSON object' }] };
  }
  const parsed = activationRequestSchema.safeParse(body);
  const errors = firstPerField([
    ...(parsed.success ? [] : fieldErrorsOf(parsed.error)),
    ...crossFieldErrors(body, catalogue),
    ...cardNumberErrors(body),
  ]);
  if (parsed.success && errors.length === 0) return { ok: true, request: parsed.data };
  return { ok: false, fields: errors };
}
