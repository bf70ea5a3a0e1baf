import { z } from 'zod';

const required = { required_error: 'required' };

/** Minor units: 1999 is USD 19.99. Stripe's ceiling is eight digits. */
export const MAX_AMOUNT = 99_999_999;

const minorUnits = z
  .number({ ...required, invalid_type_error: 'must be an integer number of minor units' })
  .int('must be an integer number of minor units (1999 for 19.99)')
  .min(1, 'must be at least 1')
  .max(MAX_AMOUNT, `must be at most ${MAX_AMOUNT}`);

const token = z
  .string(required)
  .regex(/^(pm|tok)_[A-Za-z0-9_]+$/, 'must be a payment method token (pm_… or tok_…)');

/** `POST /v1/payment_intents`: authorize now, capture later (`capture_method: manual`, `confirm: true`). */
export const createIntentSchema = z
  .object(
    {
      amount: minorUnits,
      currency: z.string(required).regex(/^[a-z]{3}$/, 'must be a lowercase ISO 4217 code'),
      customer: z.string(required).min(1, 'required').max(255),
      payment_method: token,
      capture_method: z.literal('manual', {
        errorMap: () => ({ message: "must be 'manual': this processor authorizes, then captures" }),
      }),
      confirm: z.literal(true, { errorMap: () => ({ message: 'must be true' }) }),
      description: z.string().max(1000).optional(),
      metadata: z.record(z.string().max(500)).optional(),
    },
    { required_error: 'a JSON body is required' },
  )
  .strict();

export type CreateIntent = z.infer<typeof createIntentSchema>;

/** `POST /v1/payment_intents/{id}/capture`: all that is capturable, or `amount_to_capture`. */
export const captureIntentSchema = z
  .object({
    amount_to_capture: minorUnits.optional(),
    /** Stripe's multicapture: false keeps the rest capturable; by default the rest is released. */
    final_capture: z.boolean().optional(),
  })
  .strict()
  .default({});

export type CaptureIntent = z.infer<typeof captureIntentSchema>;

export const cancelIntentSchema = z
  .object({ cancellation_reason: z.literal('requested_by_customer').optional() })
  .strict()
  .default({});

/** `POST /v1/refunds`: all that was captured and not yet refunded, or `amount`. */
export const createRefundSchema = z
  .object(
    {
      payment_intent: z.string(required).min(1, 'required'),
      amount: minorUnits.optional(),
    },
    { required_error: 'a JSON body is required' },
  )
  .strict();

export type CreateRefund = z.infer<typeof createRefundSchema>;

/** `GET /v1/payment_intents`: non-standard filters, standing in for Stripe's search. */
export const listIntentsQuery = z
  .object({
    idempotency_key: z.string().min(1).optional(),
    customer: z.string().min(1).optional(),
  })
  .strict();

export type ListIntentsQuery = z.infer<typeof listIntentsQuery>;
