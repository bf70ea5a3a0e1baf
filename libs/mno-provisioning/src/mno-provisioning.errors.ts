import {
  BusinessRejection,
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
  /** 404 on a line id; `findLine` answers undefined, and a refused order carries the same code. */
  lineNotFound: 'MNO.LINE_NOT_FOUND',
  /** A lifecycle order failed for a reason the MNO did not document: needs a person. Permanent. */
  orderFailed: 'MNO.ORDER_FAILED',
  /** Invalid JSON or a body that breaks the TMF641 contract. Permanent (see docs/vendor-resilience.md). */
  malformedResponse: 'MNO.MALFORMED_RESPONSE',
} as const;

export type MnoErrorCode = (typeof MnoErrorCode)[keyof typeof MnoErrorCode];

export type MnoEndpoint = 'createOrder' | 'getOrder' | 'findOrders' | 'getLine' | 'findLines';

/**
 * The MNO's reasons for refusing a lifecycle order that are answers about the line, not faults:
 * each becomes `MNO.<code>`, a business rejection the requester can act on.
 */
export const MNO_BUSINESS_REFUSALS = [
  'LINE_NOT_FOUND',
  'LINE_TERMINATED',
  'LINE_NOT_ACTIVE',
  'LINE_NOT_SUSPENDED',
  'ICCID_IN_USE',
  'ICCID_UNKNOWN',
  'MSISDN_IN_USE',
  'PORT_IN_PIN_MISMATCH',
  'PORT_IN_ACCOUNT_MISMATCH',
] as const;

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

/**
 * The error a failed lifecycle order stands for, for the consumer edge to throw: a business
 * rejection (an outcome event) or a permanent failure (a dead letter owned by Network Ops).
 */
export function lineOrderError(failure: {
  code: string;
  reasonCode: string;
  businessRejection: boolean;
  message: string;
}): BusinessRejection | PermanentError {
  const message = `the MNO refused the order: ${failure.message}`;
  if (!failure.businessRejection) {
    return new PermanentError(failure.reasonCode, message, atMnoEdge());
  }
  // The rejection event's reason is the MNO's own code (`LINE_TERMINATED`), as the saga's are.
  return new BusinessRejection(failure.reasonCode, failure.code, message, atMnoEdge());
}
