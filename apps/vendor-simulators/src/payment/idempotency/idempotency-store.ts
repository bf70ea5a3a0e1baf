import { Injectable } from '@nestjs/common';
import { IDEMPOTENCY_KEY_TTL_MS } from '../payment-options';
import { PaymentApiError } from '../stripe/stripe-error';

/** What the processor answered the first time: replayed as is to the same request. */
export interface StoredAnswer {
  status: number;
  body: unknown;
}

interface Entry {
  fingerprint: string;
  answer: StoredAnswer;
  storedAt: number;
}

/** A request's identity for idempotency: the endpoint and its parameters, key order ignored. */
export function fingerprint(method: string, path: string, body: unknown): string {
  return `${method} ${path} ${canonicalJson(body)}`;
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * `Idempotency-Key` as Stripe keeps it: the first answer to a key is stored (successes and the
 * processor's own refusals, not validation errors nor injected faults) and replayed to the same
 * request for at least `IDEMPOTENCY_KEY_TTL_MS`; a different request under the key is refused.
 */
@Injectable()
export class IdempotencyStore {
  private readonly entries = new Map<string, Entry>();

  /** The stored answer, undefined for a new key; a `PaymentApiError` 400 for a key reused on another request. */
  recall(key: string, print: string, now = Date.now()): StoredAnswer | undefined {
    this.forgetExpired(now);
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.fingerprint !== print) throw keyReused(key);
    return entry.answer;
  }

  remember(key: string, print: string, answer: StoredAnswer, now = Date.now()): void {
    this.entries.set(key, { fingerprint: print, answer, storedAt: now });
  }

  clear(): void {
    this.entries.clear();
  }

  private forgetExpired(now: number): void {
    for (const [key, entry] of this.entries) {
      if (now - entry.storedAt >= IDEMPOTENCY_KEY_TTL_MS) this.entries.delete(key);
    }
  }
}

function keyReused(key: string): PaymentApiError {
  return new PaymentApiError(400, {
    error: {
      type: 'idempotency_error',
      code: 'idempotency_key_in_use',
      message:
        `Keys for idempotent requests can only be used with the same parameters they were first ` +
        `used with. Try using a key other than '${key}' if you meant to execute a different request.`,
    },
  });
}
