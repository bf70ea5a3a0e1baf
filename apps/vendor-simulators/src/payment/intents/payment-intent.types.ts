/** Stripe's PaymentIntent with manual capture, reduced to what this processor does. */
export type PaymentIntentStatus =
  'requires_payment_method' | 'requires_capture' | 'succeeded' | 'canceled';

export interface LastPaymentError {
  type: 'card_error';
  code: 'card_declined';
  decline_code: string;
  advice_code: string;
  message: string;
}

export interface PaymentIntent {
  id: string;
  object: 'payment_intent';
  /** Minor units of `currency`, as authorized. */
  amount: number;
  /** Still held on the card and capturable. */
  amount_capturable: number;
  /** Captured so far. */
  amount_received: number;
  /** Refunded so far (Stripe keeps it on the charge; here on the intent). */
  amount_refunded: number;
  currency: string;
  customer: string;
  payment_method: string;
  capture_method: 'manual';
  status: PaymentIntentStatus;
  /** Unix seconds. */
  created: number;
  /** Unix seconds, rounded down: the authorization lapses then (Stripe: on the charge's card details). */
  capture_before: number | null;
  canceled_at: number | null;
  cancellation_reason: 'requested_by_customer' | 'expired' | null;
  last_payment_error: LastPaymentError | null;
  description: string | null;
  metadata: Record<string, string>;
}

export interface Refund {
  id: string;
  object: 'refund';
  amount: number;
  currency: string;
  payment_intent: string;
  status: 'succeeded';
  created: number;
}
