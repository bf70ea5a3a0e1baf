import { randomBytes } from 'node:crypto';
import type { IssuerDecline } from '../cards/test-cards';
import type { CreateIntent } from './payment-intent.schema';
import type { PaymentIntent } from './payment-intent.types';

export const unixSeconds = (ms: number) => Math.floor(ms / 1000);

/** Stripe-style ids: a prefix and 24 random characters. */
export function newId(prefix: 'pi' | 're'): string {
  return `${prefix}_${randomBytes(12).toString('hex')}`;
}

/** The intent as the processor records it once the issuer answered. */
export function newPaymentIntent(
  request: CreateIntent,
  decline: IssuerDecline | undefined,
  nowMs: number,
  expiresAtMs: number,
): PaymentIntent {
  return {
    id: newId('pi'),
    object: 'payment_intent',
    amount: request.amount,
    amount_capturable: decline ? 0 : request.amount,
    amount_received: 0,
    amount_refunded: 0,
    currency: request.currency,
    customer: request.customer,
    payment_method: request.payment_method,
    capture_method: 'manual',
    status: decline ? 'requires_payment_method' : 'requires_capture',
    created: unixSeconds(nowMs),
    capture_before: decline ? null : unixSeconds(expiresAtMs),
    canceled_at: null,
    cancellation_reason: null,
    last_payment_error: decline
      ? {
          type: 'card_error',
          code: 'card_declined',
          decline_code: decline.declineCode,
          advice_code: decline.adviceCode,
          message: decline.message,
        }
      : null,
    description: request.description ?? null,
    metadata: { ...request.metadata },
  };
}
