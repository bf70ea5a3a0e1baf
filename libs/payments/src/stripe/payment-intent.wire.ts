import { z } from 'zod';
import type { AuthorizationRequest } from '../payments.port';

/**
 * The processor's wire format: Stripe-like payment intents (https://docs.stripe.com/api/payment_intents),
 * as far as we use them. These types never leave the lib; `payment-intent.mapping.ts` turns them
 * into our `PaymentIntent`. Amounts are integer minor units; currencies lower case.
 */
const minor = z.number().int().min(0);

export const INTENT_STATUSES = [
  'requires_payment_method',
  'requires_capture',
  'succeeded',
  'canceled',
] as const;

export const lastPaymentErrorSchema = z.object({
  code: z.string().optional(),
  decline_code: z.string().optional(),
  advice_code: z.string().optional(),
  message: z.string().optional(),
});

export const paymentIntentSchema = z.object({
  id: z.string().min(1),
  amount: minor,
  amount_capturable: minor,
  amount_received: minor,
  amount_refunded: minor.default(0),
  currency: z.string().regex(/^[a-z]{3}$/),
  customer: z.string().min(1),
  status: z.enum(INTENT_STATUSES),
  capture_before: z.number().int().nullable().optional(),
  cancellation_reason: z.string().nullable().optional(),
  last_payment_error: lastPaymentErrorSchema.nullable().optional(),
});

export type WireIntent = z.infer<typeof paymentIntentSchema>;

export const intentListSchema = z.object({ data: z.array(paymentIntentSchema) });

export const refundSchema = z.object({
  id: z.string().min(1),
  amount: minor,
  currency: z.string().regex(/^[a-z]{3}$/),
  payment_intent: z.string().min(1),
});

/** Stripe's error object; everything optional, since a broken vendor may send anything. */
export const errorBodySchema = z.object({
  error: z.object({
    type: z.string().optional(),
    code: z.string().optional(),
    decline_code: z.string().optional(),
    advice_code: z.string().optional(),
    payment_intent: z
      .object({ id: z.string().optional(), cancellation_reason: z.string().nullable().optional() })
      .passthrough()
      .optional(),
  }),
});

export type WireError = z.infer<typeof errorBodySchema>['error'];

/** The body of `POST /payment_intents`: authorize now (`confirm`), capture later (`manual`). */
export function toCreateIntentRequest(request: AuthorizationRequest) {
  return {
    amount: request.amount.amountMinor,
    currency: request.amount.currency.toLowerCase(),
    customer: request.customerId,
    payment_method: request.paymentMethodToken,
    capture_method: 'manual',
    confirm: true,
    ...(request.description !== undefined ? { description: request.description } : {}),
  };
}
