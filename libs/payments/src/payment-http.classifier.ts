import axios, { type AxiosResponse } from 'axios';
import { declineCategory } from './decline-category';
import {
  PaymentDeclinedError,
  PaymentErrorCode,
  paymentDeferred,
  paymentPermanent,
  paymentRetryable,
  type PaymentEndpoint,
} from './payments.errors';
import { errorBodySchema, type WireError } from './stripe/payment-intent.wire';

/**
 * Turns one HTTP outcome into a body or a classified error, inside the endpoint's breaker: only
 * retryable errors trip it. A decline (402) and the processor's refusals prove it is up.
 */
export function bodyOrError(endpoint: PaymentEndpoint, response: AxiosResponse<string>): string {
  const { status } = response;
  if (status >= 200 && status < 300) return response.data;
  const say = `the payment processor answered ${endpoint} with ${status}`;
  if (status >= 500) throw paymentRetryable(PaymentErrorCode.unavailable, say);
  if (status === 429) {
    const retryAfterMs = Number(response.headers['retry-after']) * 1000 || undefined;
    throw paymentDeferred(
      PaymentErrorCode.throttled,
      `the processor throttled ${endpoint}`,
      retryAfterMs,
    );
  }
  if (status === 409) throw paymentRetryable(PaymentErrorCode.keyInUse, say);
  const error = vendorError(response.data);
  if (status === 402) {
    const declineCode = error?.decline_code ?? error?.code ?? 'unknown';
    const category = declineCategory(declineCode, error?.advice_code);
    throw new PaymentDeclinedError(category, declineCode, error?.payment_intent?.id);
  }
  if (status === 404)
    throw paymentPermanent(PaymentErrorCode.intentNotFound, `${say}: no such payment intent`);
  // Only the vendor's codes: its free text may quote the request.
  const codes = [error?.type, error?.code].filter(Boolean).join(' ');
  throw paymentPermanent(refusalCode(error), `${say}${codes ? ` ${codes}` : ''}`);
}

function refusalCode(error: WireError | undefined): PaymentErrorCode {
  if (error?.type === 'idempotency_error') return PaymentErrorCode.idempotencyConflict;
  if (error?.code === 'amount_too_large' || error?.code === 'charge_already_refunded') {
    return PaymentErrorCode.amountTooLarge;
  }
  if (error?.code === 'payment_intent_unexpected_state') {
    return error.payment_intent?.cancellation_reason === 'expired'
      ? PaymentErrorCode.authorizationExpired
      : PaymentErrorCode.invalidState;
  }
  return PaymentErrorCode.badRequest;
}

/** A failed request without an answer: our timeout, our caller's abort, or the network. */
export function transportError(
  endpoint: PaymentEndpoint,
  error: unknown,
  callerSignal: AbortSignal | undefined,
): unknown {
  if (callerSignal?.aborted) {
    return paymentDeferred(PaymentErrorCode.cancelled, `the caller gave up on ${endpoint}`);
  }
  if (axios.isCancel(error)) {
    return paymentRetryable(
      PaymentErrorCode.timeout,
      `the payment processor did not answer ${endpoint} in time`,
      error,
    );
  }
  if (axios.isAxiosError(error)) {
    const reason = error.code ?? 'network error';
    return paymentRetryable(
      PaymentErrorCode.unreachable,
      `the payment processor is unreachable (${reason})`,
      error,
    );
  }
  return error;
}

function vendorError(body: string): WireError | undefined {
  try {
    const parsed = errorBodySchema.safeParse(JSON.parse(body));
    return parsed.success ? parsed.data.error : undefined;
  } catch {
    return undefined;
  }
}
