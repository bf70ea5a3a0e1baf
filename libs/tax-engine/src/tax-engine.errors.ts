import {
  BusinessRejection,
  DeferredError,
  PermanentError,
  RetryableError,
  type HandoffErrorOptions,
} from '@handoff/resilience';

export const TAX_INTEGRATION_POINT = 'handoff-to-tax-engine';

export const TaxErrorCode = {
  /** 5xx: the engine is up but failing. Retryable, trips the breaker. */
  unavailable: 'TAX.UNAVAILABLE',
  /** No answer within the call timeout. Retryable, trips the breaker. */
  timeout: 'TAX.TIMEOUT',
  /** Connection refused, reset or DNS failure. Retryable, trips the breaker. */
  unreachable: 'TAX.UNREACHABLE',
  /** The endpoint's breaker is open: hold the work (`DeferredError`). */
  breakerOpen: 'TAX.BREAKER_OPEN',
  /** 429: the engine asks us to slow down (`DeferredError`). */
  throttled: 'TAX.THROTTLED',
  /** Our caller aborted the call; says nothing about the engine (`DeferredError`). */
  cancelled: 'TAX.CALL_CANCELLED',
  /** 4xx: our request is wrong and will be every time. Permanent. */
  badRequest: 'TAX.BAD_REQUEST',
  /** 404 on a document code for commit, void or adjust. Permanent. */
  documentNotFound: 'TAX.DOCUMENT_NOT_FOUND',
  /** A committed or voided document asked to be recalculated with other charges. Permanent. */
  documentLocked: 'TAX.DOCUMENT_LOCKED',
  /** Commit or adjust of a voided document. Permanent. */
  documentVoided: 'TAX.DOCUMENT_VOIDED',
  /** Adjust of a document that was never committed. Permanent. */
  documentNotCommitted: 'TAX.DOCUMENT_NOT_COMMITTED',
  /** An adjustment code reused with other charges. Permanent. */
  adjustmentConflict: 'TAX.ADJUSTMENT_CONFLICT',
  /** The service address resolves to no jurisdiction: a `BusinessRejection`, not a failure. */
  addressUnresolved: 'TAX.ADDRESS_UNRESOLVED',
  /** Invalid JSON, a body off the contract, or totals that are not the sum of their lines. Permanent. */
  malformedResponse: 'TAX.MALFORMED_RESPONSE',
} as const;

export type TaxErrorCode = (typeof TaxErrorCode)[keyof typeof TaxErrorCode];

export type TaxEndpoint =
  'calculate' | 'getDocument' | 'commit' | 'void' | 'adjust' | 'geocode' | 'jurisdictions';

function atTaxEdge(cause?: unknown): HandoffErrorOptions {
  return { cause, stage: 'vendor-call', integrationPoint: TAX_INTEGRATION_POINT };
}

export function taxRetryable(code: TaxErrorCode, message: string, cause?: unknown) {
  return new RetryableError(code, message, atTaxEdge(cause));
}

export function taxPermanent(code: TaxErrorCode, message: string, cause?: unknown) {
  return new PermanentError(code, message, atTaxEdge(cause));
}

export function taxDeferred(code: TaxErrorCode, message: string, retryAfterMs?: number) {
  return new DeferredError(code, message, { ...atTaxEdge(), retryAfterMs });
}

/** The reason a business rejection event carries. */
export const ADDRESS_UNRESOLVED_REASON = 'TAX_JURISDICTION_NOT_FOUND';

export function addressUnresolved(message: string) {
  return new BusinessRejection(
    TaxErrorCode.addressUnresolved,
    ADDRESS_UNRESOLVED_REASON,
    message,
    atTaxEdge(),
  );
}

/** A call refused by the endpoint's open breaker: the engine is held to be down, work waits. */
export class TaxBreakerOpenError extends DeferredError {
  constructor(
    readonly endpoint: TaxEndpoint,
    retryAfterMs?: number,
  ) {
    super(TaxErrorCode.breakerOpen, `the tax engine ${endpoint} breaker is open`, {
      ...atTaxEdge(),
      retryAfterMs,
    });
  }
}

export function malformedResponse(endpoint: TaxEndpoint, detail: string, cause?: unknown) {
  return taxPermanent(
    TaxErrorCode.malformedResponse,
    `the tax engine answered ${endpoint} with a malformed body: ${detail}`,
    cause,
  );
}
