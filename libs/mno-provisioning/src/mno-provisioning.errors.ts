import {
  DeferredError,
  PermanentError,
  RetryableError,
  type HandoffErrorOptions,
} from '@handoff/resilience';

export const MNO_INTEGRATION_POINT = 'handoff-to-mno';

export const MnoErrorCode = {
  /** 5xx: the MNO is up but failing. Retryable, trips the breaker. */
  unavailable: 'MNO.UNAVAILABLE',
  /** No answer within the call timeout. Retryable, trips the breaker. */
  timeout: 'MNO.TIMEOUT',
  /** Connection refused, reset or DNS failure. Retryable, trips the breaker. */
  unreachable: 'MNO.UNREACHABLE',
  /** The endpoint's breaker is open: hold the activation (`DeferredError`). */
  breakerOpen: 'MNO.BREAKER_OPEN',
  /** 429: the MNO asks us to slow down; it is up, so hold rather than fail (`DeferredError`). */
  throttled: 'MNO.THROTTLED',
  /** Our caller aborted the call (e.g. shutting down); says nothing about the MNO (`DeferredError`). */
  cancelled: 'MNO.CALL_CANCELLED',
  /** 4xx: our request is wrong and will be every time. Permanent. */
  badRequest: 'MNO.BAD_REQUEST',
  /** 404 on an order id. Permanent. */
  orderNotFound: 'MNO.ORDER_NOT_FOUND',
  /** Invalid JSON or a body that breaks the TMF641 contract. Permanent (see docs/vendor-resilience.md). */
  malformedResponse: 'MNO.MALFORMED_RESPONSE',
} as const;

export type MnoErrorCode = (typeof MnoErrorCode)[keyof typeof MnoErrorCode];

export type MnoEndpoint = 'createOrder' | 'getOrder' | 'findOrders';

function atMnoEdge(cause?: unknown): HandoffErrorOptions {
  return { cause, stage: 'vendor-call', integrationPoint: MNO_INTEGRATION_POINT };
}

export function mnoRetryable(code: MnoErrorCode, message: string, cause?: unknown) {
  return new RetryableError(code, message, atMnoEdge(cause));
}

export function mnoPermanent(code: MnoErrorCode, message: string, cause?: unknown) {
  return new PermanentError(code, message, atMnoEdge(cause));
}

export function mnoDeferred(code: MnoErrorCode, message: string, retryAfterMs?: number) {
  return new DeferredError(code, message, { ...atMnoEdge(), retryAfterMs });
}

/** A call refused by the endpoint's open breaker: the MNO is held to be down, activations wait. */
export class MnoBreakerOpenError extends DeferredError {
  constructor(
    readonly endpoint: MnoEndpoint,
    retryAfterMs?: number,
  ) {
    super(MnoErrorCode.breakerOpen, `the MNO ${endpoint} breaker is open`, {
      ...atMnoEdge(),
      retryAfterMs,
    });
  }
}

export function malformedResponse(endpoint: MnoEndpoint, detail: string, cause?: unknown) {
  return mnoPermanent(
    MnoErrorCode.malformedResponse,
    `the MNO answered ${endpoint} with a malformed body: ${detail}`,
    cause,
  );
}
