import axios, { type AxiosResponse } from 'axios';
import {
  malformedResponse,
  MnoErrorCode,
  mnoDeferred,
  mnoPermanent,
  mnoRetryable,
  type MnoEndpoint,
} from './mno-provisioning.errors';

/**
 * Turns one HTTP outcome into a body or a classified error, inside the endpoint's breaker: what
 * the breaker sees decides whether it trips (only retryable errors do, see `createBreaker`).
 */
export function bodyOrError(endpoint: MnoEndpoint, response: AxiosResponse<string>): string {
  const { status } = response;
  if (status >= 200 && status < 300) return response.data;
  if (status >= 500) {
    throw mnoRetryable(MnoErrorCode.unavailable, `the MNO answered ${endpoint} with ${status}`);
  }
  if (status === 429) {
    const retryAfterMs = Number(response.headers['retry-after']) * 1000 || undefined;
    throw mnoDeferred(MnoErrorCode.throttled, `the MNO throttled ${endpoint}`, retryAfterMs);
  }
  if (status === 404 && endpoint === 'getOrder') {
    throw mnoPermanent(MnoErrorCode.orderNotFound, 'the MNO has no such order');
  }
  if (status === 404 && endpoint === 'getLine') {
    throw mnoPermanent(MnoErrorCode.lineNotFound, 'the MNO has no such line');
  }
  if (status >= 400) {
    // Only the vendor's code: its free-text reason may quote the request's personal data.
    const code = vendorCode(response.data);
    throw mnoPermanent(
      MnoErrorCode.badRequest,
      `the MNO refused ${endpoint} with ${status}${code ? ` ${code}` : ''}`,
    );
  }
  throw malformedResponse(endpoint, `unexpected status ${status}`);
}

/** A failed request without an answer: our timeout, our caller's abort, or the network. */
export function transportError(
  endpoint: MnoEndpoint,
  error: unknown,
  callerSignal: AbortSignal | undefined,
): unknown {
  if (callerSignal?.aborted) {
    return mnoDeferred(MnoErrorCode.cancelled, `the caller gave up on ${endpoint}`);
  }
  if (axios.isCancel(error)) {
    return mnoRetryable(MnoErrorCode.timeout, `the MNO did not answer ${endpoint} in time`, error);
  }
  if (axios.isAxiosError(error)) {
    const reason = error.code ?? 'network error';
    return mnoRetryable(MnoErrorCode.unreachable, `the MNO is unreachable (${reason})`, error);
  }
  return error;
}

function vendorCode(body: string): string | undefined {
  try {
    const parsed: unknown = JSON.parse(body);
    const code = (parsed as { code?: unknown } | null)?.code;
    return typeof code === 'string' || typeof code === 'number' ? String(code) : undefined;
  } catch {
    return undefined;
  }
}
