import type { z } from 'zod';
import { declineCategory } from '../decline-category';
import { malformedResponse, type PaymentEndpoint } from '../payments.errors';
import type { PaymentIntent, PaymentIntentStatus, PaymentRefund } from '../payments.port';
import type { WireIntent } from './payment-intent.wire';
import type { refundSchema } from './payment-intent.wire';

/**
 * Parses and validates a body; anything off-contract is a permanent `PAYMENT.MALFORMED_RESPONSE`
 * (the same reasoning as the MNO's: the same build answers the same request the same way).
 */
export function parseBody<S extends z.ZodTypeAny>(
  endpoint: PaymentEndpoint,
  text: string,
  schema: S,
): z.infer<S> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw malformedResponse(endpoint, 'not JSON', error);
  }
  const result = schema.safeParse(json);
  if (result.success) return result.data as z.infer<S>;
  const issues = result.error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
  throw malformedResponse(endpoint, issues.join('; '), result.error);
}

function statusOf(wire: WireIntent): PaymentIntentStatus {
  switch (wire.status) {
    case 'requires_payment_method':
      return 'declined';
    case 'requires_capture':
      return 'authorized';
    case 'succeeded':
      return 'captured';
    case 'canceled':
      return wire.cancellation_reason === 'expired' ? 'expired' : 'voided';
  }
}

export function toPaymentIntent(wire: WireIntent): PaymentIntent {
  const currency = wire.currency.toUpperCase();
  const of = (amountMinor: number) => ({ amountMinor, currency });
  const status = statusOf(wire);
  const error = wire.last_payment_error;
  return {
    intentId: wire.id,
    customerId: wire.customer,
    status,
    amount: of(wire.amount),
    capturable: of(wire.amount_capturable),
    captured: of(wire.amount_received),
    refunded: of(wire.amount_refunded),
    authorizationExpiresAt:
      status === 'authorized' && wire.capture_before ? new Date(wire.capture_before * 1000) : null,
    decline:
      status === 'declined'
        ? {
            declineCode: error?.decline_code ?? 'unknown',
            category: declineCategory(error?.decline_code ?? 'unknown', error?.advice_code),
          }
        : null,
  };
}

export function toPaymentRefund(wire: z.infer<typeof refundSchema>): PaymentRefund {
  return {
    refundId: wire.id,
    intentId: wire.payment_intent,
    amount: { amountMinor: wire.amount, currency: wire.currency.toUpperCase() },
  };
}
