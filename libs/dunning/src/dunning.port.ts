import type { EntityManager } from 'typeorm';

/**
 * Dunning as the payments service sees it: after each attempt at an autopay renewal, the payments
 * service tells dunning what the processor answered, in its own transaction, and dunning says what
 * comes next. Dunning keeps the schedule in PostgreSQL and runs due attempts from it; the processor
 * call of an attempt is the payments service's (`PerformDueAttempt`). Dunning knows nothing of
 * processors, taxes or events.
 */

/** Epoch milliseconds now: the real clock, or a scaled one in tests and the demo (never in production). */
export type Clock = () => number;

export interface AutopayAttempt {
  paymentId: string;
  subscriberId: string;
  /** The processor token of the payment method: the card-network limits count per card and amount. */
  paymentMethodToken: string;
  amountMinor: number;
  currency: string;
  /** 0 for the BSS's own request, n for the n-th dunning retry. */
  attempt: number;
  result: 'captured' | 'softDecline' | 'hardDecline';
  /** When the processor answered (dunning's clock). */
  at: number;
}

export type DunningExhaustion =
  /** Every retry of the schedule was declined. */
  | 'SCHEDULE_EXHAUSTED'
  /** The issuer said never to retry (stolen card, closed account). */
  | 'HARD_DECLINE'
  /** Another attempt would exceed the card-network limit for this card and amount. */
  | 'CARD_NETWORK_CAP';

export type DunningNext =
  /** Captured: the schedule (if any) is closed. */
  | { kind: 'settled' }
  | { kind: 'retry'; attempt: number; at: number }
  | { kind: 'exhausted'; reason: DunningExhaustion };

export interface DunningLedgerPort {
  /**
   * Records the attempt against the card-network limits and moves the payment's schedule, in the
   * caller's transaction. Idempotent per (paymentId, attempt): recording it again returns the same
   * answer and counts nothing twice.
   */
  recordAttempt(db: EntityManager, attempt: AutopayAttempt): Promise<DunningNext>;
}

export interface DueAttempt {
  paymentId: string;
  subscriberId: string;
  attempt: number;
  dueAt: number;
}

/**
 * Runs one due attempt inside the transaction that holds its schedule row (`FOR UPDATE SKIP
 * LOCKED`), so two instances never run one attempt twice. It must call `recordAttempt` with the
 * same `db` before it returns; if it throws, the transaction rolls back and the attempt stays due
 * (the next try uses the same idempotency key, so the processor acts once).
 */
export type PerformDueAttempt = (db: EntityManager, due: DueAttempt) => Promise<void>;
