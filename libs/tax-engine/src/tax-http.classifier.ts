import axios, { type AxiosResponse } from 'axios';
import {
  addressUnresolved,
  malformedResponse,
  TaxErrorCode,
  taxDeferred,
  taxPermanent,
  taxRetryable,
  type TaxEndpoint,
} from './tax-engine.errors';

/** The engine's 409 codes, each a permanent error of its own: the document's state forbids the call. */
const CONFLICTS: Record<string, TaxErrorCode> = {
  DOCUMENT_LOCKED: TaxErrorCode.documentLocked,
  DOCUMENT_VOIDED: TaxErrorCode.documentVoided,
  DOCUMENT_NOT_COMMITTED: TaxErrorCode.documentNotCommitted,
  ADJUSTMENT_CONFLICT: TaxErrorCode.adjustmentConflict,
};

const DOCUMENT_ENDPOINTS: ReadonlySet<TaxEndpoint> = new Set([
  'calculate',
  'getDocument',
  'commit',
  'void',
  'adjust',
]);

/**
 * Turns one HTTP outcome into a body or a classified error, inside the endpoint's breaker: what
 * the breaker sees decides whether it trips (only retryable errors do, see `createBreaker`).
 */
export function bodyOrError(endpoint: TaxEndpoint, response: AxiosResponse<string>): string {
  const { status } = response;
  if (status >= 200 && status < 300) return response.data;
  if (status >= 500) {
    throw taxRetryable(
      TaxErrorCode.unavailable,
      `the tax engine answered ${endpoint} with ${status}`,
    );
  }
  if (status === 429) {
    const retryAfterMs = Number(response.headers['retry-after']) * 1000 || undefined;
    throw taxDeferred(TaxErrorCode.throttled, `the tax engine throttled ${endpoint}`, retryAfterMs);
  }
  // Only the vendor's code: its free-text message may quote the service address.
  const code = vendorCode(response.data);
  // A 404 elsewhere is a wrong base URL or an engine without that API: a bad request, below.
  if (status === 404 && DOCUMENT_ENDPOINTS.has(endpoint)) {
    throw taxPermanent(
      TaxErrorCode.documentNotFound,
      `the tax engine has no such document (${endpoint})`,
    );
  }
  if (status === 422 && code === 'JURISDICTION_NOT_FOUND') {
    throw addressUnresolved('the service address resolves to no tax jurisdiction');
  }
  const conflict = status === 409 && code ? CONFLICTS[code] : undefined;
  if (conflict) throw taxPermanent(conflict, `the tax engine refused ${endpoint}: ${code}`);
  if (status >= 400) {
    throw taxPermanent(
      TaxErrorCode.badRequest,
      `the tax engine refused ${endpoint} with ${status}${code ? ` ${code}` : ''}`,
    );
  }
  throw malformedResponse(endpoint, `unexpected status ${status}`);
}

/** A failed request without an answer: our timeout, our caller's abort, or the network. */
export function transportError(
  endpoint: TaxEndpoint,
  error: unknown,
  callerSignal: AbortSignal | undefined,
): unknown {
  if (callerSignal?.aborted) {
    return taxDeferred(TaxErrorCode.cancelled, `the caller gave up on ${endpoint}`);
  }
  if (axios.isCancel(error)) {
    return taxRetryable(
      TaxErrorCode.timeout,
      `the tax engine did not answer ${endpoint} in time`,
      error,
    );
  }
  if (axios.isAxiosError(error)) {
    const reason = error.code ?? 'network error';
    return taxRetryable(
      TaxErrorCode.unreachable,
      `the tax engine is unreachable (${reason})`,
      error,
    );
  }
  return error;
}

function vendorCode(body: string): string | undefined {
  try {
    const parsed: unknown = JSON.parse(body);
    const code = (parsed as { error?: { code?: unknown } } | null)?.error?.code;
    return typeof code === 'string' ? code : undefined;
  } catch {
    return undefined;
  }
}
