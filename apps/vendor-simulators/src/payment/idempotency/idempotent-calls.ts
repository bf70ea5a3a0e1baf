import type { ServerResponse } from 'node:http';
import { Inject, Injectable } from '@nestjs/common';
import { SimulatorError } from '../../shared/errors/simulator.error';
import { PaymentApiError, type StripeErrorBody } from '../stripe/stripe-error';
import { fingerprint, IdempotencyStore } from './idempotency-store';

export interface IdempotentRequest {
  /** The `Idempotency-Key` header; without one, nothing is stored or replayed. */
  key: string | undefined;
  method: 'POST';
  path: string;
  body: unknown;
  res: ServerResponse;
}

const MAX_KEY_LENGTH = 255;

/**
 * Runs a POST at most once per `Idempotency-Key`: a repeat of the same request gets the first
 * answer back (with `Idempotent-Replayed: true`) and causes nothing; a different request under
 * the key gets 400 `idempotency_key_in_use`. Validation errors are not stored (Stripe does not
 * either), so a corrected request may reuse its key.
 */
@Injectable()
export class IdempotentCalls {
  constructor(@Inject(IdempotencyStore) private readonly store: IdempotencyStore) {}

  run<T>(request: IdempotentRequest, action: (key: string | null) => T): T {
    const { key } = request;
    if (key === undefined) return action(null);
    if (key.length === 0 || key.length > MAX_KEY_LENGTH) {
      throw new SimulatorError(
        400,
        'INVALID_REQUEST',
        'Invalid request',
        `Idempotency-Key: must be 1 to ${MAX_KEY_LENGTH} characters`,
      );
    }
    const print = fingerprint(request.method, request.path, request.body);
    const stored = this.store.recall(key, print);
    if (stored) {
      request.res.setHeader('Idempotent-Replayed', 'true');
      if (stored.status >= 400)
        throw new PaymentApiError(stored.status, structuredClone(stored.body) as StripeErrorBody);
      return structuredClone(stored.body) as T;
    }
    try {
      const result = action(key);
      this.store.remember(key, print, { status: 200, body: structuredClone(result) });
      return result;
    } catch (error) {
      if (error instanceof PaymentApiError) {
        this.store.remember(key, print, { status: error.getStatus(), body: error.body });
      }
      throw error;
    }
  }
}
