import {
  BusinessRejection,
  DeferredError,
  PermanentError,
  RetryableError,
  type HandoffErrorOptions,
} from '@handoff/resilience';
import type { DeclineCategory } from './decline-category';

export const PAYMENT_INTEGRATION_POINT = 'handoff-to-payment-processor';

export const PaymentErrorCode = {
  /** 5xx: the processor is up but failing. Retryable, trips the breaker. */
  unavailable: 'PAYMENT.UNAVAILABLE',
  /** No answer within the call timeout. Retryable, trips the breaker. */
  timeout: 'PAYMENT.TIMEOUT',
  /** Connection refused, reset or DNS failure. Retryable, trips the breaker. */
  unreachable: 'PAYMENT.UNREACHABLE',
  /** 409: another request with the same idempotency key is still running. Retryable. */
  keyInUse: 'PAYMENT.IDEMPOTENCY_KEY_BUSY',
  /** The endpoint's breaker is open: hold the work (`DeferredError`). */
  breakerOpen: 'PAYMENT.BREAKER_OPEN',
  /** 429: the processor asks us to slow down (`DeferredError`). */
  throttled: 'PAYMENT.THROTTLED',
  /** Our caller aborted the call; says nothing about the processor (`DeferredError`). */
  cancelled: 'PAYMENT.CALL_CANCELLED',
  /** The issuer declined: a business outcome (`PaymentDeclinedError`), with its category. */
  declined: 'PAYMENT.DECLINED',
  /** The idempotency key was used for another request: our bug, never retried. Permanent. */
  idempotencyConflict: 'PAYMENT.IDEMPOTENCY_CONFLICT',
  /** Capture of an authorization that has lapsed: re-authorize. Permanent. */
  authorizationExpired: 'PAYMENT.AUTHORIZATION_EXPIRED',
  /** The intent is not in a state for this (void after capture, capture after void). Permanent. */
  invalidState: 'PAYMENT.INVALID_STATE',
  /** More than is capturable or refundable. Permanent. */
  amountTooLarge: 'PAYMENT.AMOUNT_TOO_LARGE',
  /** 404 on a payment intent id. Permanent. */
  intentNotFound: 'PAYMENT.INTENT_NOT_FOUND',
  /** Any other 4xx: our request is wrong. Permanent. */
  badRequest: 'PAYMENT.BAD_REQUEST',
  /** Invalid JSON or a body off the contract. Permanent (see docs/vendor-resilience.md). */
  malformedResponse: 'PAYMENT.MALFORMED_RESPONSE',
  /** Refused before any call: not a positive integer number of minor units. Permanent. */
  invalidAmount: 'PAYMENT.INVALID_AMOUNT',
  /** Refused before any call: not an ISO 4217 code. Permanent. */
  invalidCurrency: 'PAYMENT.INVALID_CURRENCY',
  /** Refused before any call: the amount's currency is not the intent's. Permanent. */
  currencyMismatch: 'PAYMENT.CURRENCY_MISMATCH',
} as const;

export type PaymentErrorCode = (typeof PaymentErrorCode)[keyof typeof PaymentErrorCode];

export type PaymentEndpoint =
  'createIntent' | 'getIntent' | 'findIntents' | 'captureIntent' | 'cancelIntent' | 'createRefund';

function atProcessorEdge(cause?: unknown): HandoffErrorOptions {
  return { cause, stage: 'vendor-call', integrationPoint: PAYMENT_INTEGRATION_POINT };
}

export function paymentRetryable(code: PaymentErrorCode, message: string, cause?: unknown) {
  return new RetryableError(code, message, atProcessorEdge(cause));
}

export function paymentPermanent(code: PaymentErrorCode, message: string, cause?: unknown) {
  return new PermanentError(code, message, atProcessorEdge(cause));
}

export function paymentDeferred(code: PaymentErrorCode, message: string, retryAfterMs?: number) {
  return new DeferredError(code, message, { ...atProcessorEdge(), retryAfterMs });
}

/**
 * The issuer said no. A business outcome, never a dead letter: `hard` means never try this
 * payment method again (stolen card, closed account); `soft` means it may work later
 * (insufficient funds), which is a dunning decision, not a retry in place.
 */
export class PaymentDeclinedError extends BusinessRejection {
  constructor(
    readonly category: DeclineCategory,
    /** The issuer's decline code, e.g. `insufficient_funds`. */
    readonly declineCode: string,
    /** The processor's intent that records the decline, when it sent one. */
    readonly intentId: string | undefined,
  ) {
    super(
      PaymentErrorCode.declined,
      'PAYMENT_DECLINED',
      `the issuer declined the payment (${category}: ${declineCode})`,
      atProcessorEdge(),
    );
  }
}

/** A call refused by the endpoint's open breaker: the processor is held to be down, work waits. */
export class PaymentBreakerOpenError extends DeferredError {
  constructor(
    readonly endpoint: PaymentEndpoint,
    retryAfterMs?: number,
  ) {
    super(PaymentErrorCode.breakerOpen, `the payment processor ${endpoint} breaker is open`, {
      ...atProcessorEdge(),
      retryAfterMs,
    });
  }
}

export function malformedResponse(endpoint: PaymentEndpoint, detail: string, cause?: unknown) {
  return paymentPermanent(
    PaymentErrorCode.malformedResponse,
    `the payment processor answered ${endpoint} with a malformed body: ${detail}`,
    cause,
  );
}
