import type { Logger } from '@handoff/observability';
import type { PaymentFaultRule } from './payment-fault-rule.schema';

/** Card networks let an authorization stand about 7 days before the issuer releases the hold. */
export const DEFAULT_AUTHORIZATION_TTL_MS = 7 * 24 * 60 * 60_000;
export const MAX_AUTHORIZATION_TTL_MS = 31 * 24 * 60 * 60_000;
/** Stripe keeps idempotency keys at least 24 hours; so does the simulator, and never less. */
export const IDEMPOTENCY_KEY_TTL_MS = 24 * 60 * 60_000;

/** What one payment simulator instance starts with. */
export interface PaymentModuleOptions {
  logger: Logger;
  authorizationTtlMs: number;
  faults: readonly PaymentFaultRule[];
}

export const PAYMENT_OPTIONS = Symbol('PAYMENT_OPTIONS');
