import type { DeclineCategory } from './decline-category';
import type { Money } from './money';

/**
 * The payment processor as the rest of Handoff sees it: payment intents in our terms, money as
 * integer minor units with a currency. The vendor's wire format (Stripe-like) stays in this lib.
 * Card data never enters Handoff: a payment method is the processor's token.
 */
export interface AuthorizationRequest {
  /**
   * Sent as `Idempotency-Key` and the key to look the intent up by: derive it from the business
   * id (`paymentIdempotencyKey(activationId, 'authorize')`), never from a random value.
   */
  idempotencyKey: string;
  amount: Money;
  /** The processor's customer id for the subscriber. */
  customerId: string;
  paymentMethodToken: string;
  description?: string;
}

export interface CaptureRequest {
  idempotencyKey: string;
  /** Default: all that is capturable. */
  amount?: Money;
  /** Default true: the rest of the hold is released. False keeps it capturable. */
  final?: boolean;
}

export interface VoidRequest {
  idempotencyKey: string;
}

export interface RefundRequest {
  idempotencyKey: string;
  /** Default: all that was captured and not refunded. */
  amount?: Money;
}

/** `authorized`: held and (partly) capturable; `captured`: nothing more to capture. */
export type PaymentIntentStatus = 'authorized' | 'captured' | 'voided' | 'expired' | 'declined';

export interface PaymentDecline {
  category: DeclineCategory;
  declineCode: string;
}

export interface PaymentIntent {
  intentId: string;
  customerId: string;
  status: PaymentIntentStatus;
  /** As authorized. */
  amount: Money;
  capturable: Money;
  captured: Money;
  refunded: Money;
  /**
   * When the hold lapses (while `authorized`, else null): the saga re-authorizes or voids before
   * then. The processor gives whole seconds, rounded down, so this is never later than the truth.
   */
  authorizationExpiresAt: Date | null;
  /** Present when `declined`. */
  decline: PaymentDecline | null;
}

export interface PaymentRefund {
  refundId: string;
  intentId: string;
  amount: Money;
}

export interface PaymentsHealth {
  /** True while any endpoint breaker is open and refusing calls (half-open lets a trial through). */
  breakerOpen(): boolean;
  /** Called once every breaker that had opened is closed again; returns the unsubscribe. */
  onRecovered(listener: () => void): () => void;
}

/**
 * Errors are `@handoff/resilience` classes with `PAYMENT.*` codes (`PaymentErrorCode`): a decline
 * is a `PaymentDeclinedError` (business rejection, `hard` or `soft`); 5xx, timeouts and network
 * errors are retryable; an open breaker or throttling is deferred; the rest is permanent. Amounts
 * that are not positive integers of minor units are refused before any call.
 */
export interface PaymentsPort {
  /**
   * Holds `amount` on the payment method. Safe to call again with the same request: it first
   * asks the processor for an intent created under the key when its previous outcome is unknown,
   * and the processor replays the first answer to the same key.
   */
  authorize(request: AuthorizationRequest, signal?: AbortSignal): Promise<PaymentIntent>;

  /** Captures all that is capturable, or `amount` of it. */
  capture(intentId: string, request: CaptureRequest, signal?: AbortSignal): Promise<PaymentIntent>;

  /** Releases a hold nothing was captured from; after a capture it is `PAYMENT.INVALID_STATE`. */
  voidAuthorization(
    intentId: string,
    request: VoidRequest,
    signal?: AbortSignal,
  ): Promise<PaymentIntent>;

  /** Refunds all that was captured and not refunded, or `amount` of it. */
  refund(intentId: string, request: RefundRequest, signal?: AbortSignal): Promise<PaymentRefund>;

  getIntent(intentId: string, signal?: AbortSignal): Promise<PaymentIntent>;

  /**
   * The intent created under this authorization key, or undefined if the processor never made
   * one: how an unknown outcome (a timeout) is resolved before authorizing again.
   */
  findIntentByIdempotencyKey(
    idempotencyKey: string,
    signal?: AbortSignal,
  ): Promise<PaymentIntent | undefined>;

  readonly health: PaymentsHealth;
}

export type PaymentOperation = 'authorize' | 'capture' | 'void' | 'refund';

/**
 * The idempotency key of one money operation of a business process (an activation, a top-up):
 * the same on every attempt and redelivery, so the processor acts once. `round` counts deliberate
 * repeats, such as a re-authorization before the first one lapses.
 */
export function paymentIdempotencyKey(
  processId: string,
  operation: PaymentOperation,
  round = 1,
): string {
  return `handoff:${processId}:${operation}:${round}`;
}
