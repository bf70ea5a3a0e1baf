import type { EntityManager } from 'typeorm';
import type { AutopayAttempt, DueAttempt, DunningExhaustion, DunningNext } from './dunning.port';

/** The SQL of dunning's two tables (migration Dunning1795690000000); only this lib writes them. */

/** Namespaces dunning's transaction-level advisory locks (ASCII "DUNN"). */
const CARD_LOCK_CLASS = 0x44554e4e;

type Card = Pick<AutopayAttempt, 'paymentMethodToken' | 'amountMinor' | 'currency'>;

/**
 * Serialises, until the transaction ends, everything that counts or records the attempts of one
 * card and amount: without it two payments of the same card, declined at once, would each count
 * before the other's attempt and together pass the cap.
 */
export async function lockCard(db: EntityManager, card: Card): Promise<void> {
  await db.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [
    CARD_LOCK_CLASS,
    `${card.paymentMethodToken}|${card.amountMinor}|${card.currency}`,
  ]);
}

interface AnswerRow {
  next_kind: DunningNext['kind'];
  next_attempt: number | null;
  next_at_ms: number | null;
  exhaustion_reason: DunningExhaustion | null;
}

function toNext(row: AnswerRow): DunningNext {
  if (row.next_kind === 'retry') {
    // Not null for a retry (a CHECK of the table says so).
    return { kind: 'retry', attempt: Number(row.next_attempt), at: Number(row.next_at_ms) };
  }
  if (row.next_kind === 'exhausted') {
    return { kind: 'exhausted', reason: row.exhaustion_reason ?? 'SCHEDULE_EXHAUSTED' };
  }
  return { kind: 'settled' };
}

/** The answer given when this attempt was recorded; undefined when it never was. */
export async function recordedAnswer(
  db: EntityManager,
  paymentId: string,
  attempt: number,
): Promise<DunningNext | undefined> {
  const rows = await db.query<AnswerRow[]>(
    `SELECT next_kind, next_attempt, (extract(epoch FROM next_at) * 1000)::float8 AS next_at_ms,
            exhaustion_reason
       FROM dunning_card_attempts
      WHERE payment_id = $1 AND attempt = $2`,
    [paymentId, attempt],
  );
  return rows[0] && toNext(rows[0]);
}

/**
 * Attempts of this card and amount less than one window from `at` on either side: those recorded
 * (this payment's included) and the retries other payments have scheduled. Every window that would
 * hold an attempt at `at` holds no more than these.
 */
export async function attemptsAround(
  db: EntityManager,
  attempt: AutopayAttempt,
  at: number,
  windowMs: number,
): Promise<number> {
  const rows = await db.query<{ n: number }[]>(
    `SELECT (SELECT count(*) FROM dunning_card_attempts
              WHERE payment_method_token = $1 AND amount_minor = $2 AND currency = $3
                AND attempted_at > $4 AND attempted_at < $5)
          + (SELECT count(*) FROM dunning_schedules
              WHERE payment_method_token = $1 AND amount_minor = $2 AND currency = $3
                AND state = 'scheduled' AND payment_id <> $6
                AND due_at > $4 AND due_at < $5) AS n`,
    [
      attempt.paymentMethodToken,
      attempt.amountMinor,
      attempt.currency,
      new Date(at - windowMs),
      new Date(at + windowMs),
      attempt.paymentId,
    ],
  );
  return Number(rows[0].n);
}

/** Counts the attempt and keeps the answer; false when it was recorded already (nothing changes). */
export async function insertAttempt(
  db: EntityManager,
  attempt: AutopayAttempt,
  next: DunningNext,
): Promise<boolean> {
  const rows = await db.query<unknown[]>(
    `INSERT INTO dunning_card_attempts (payment_id, attempt, payment_method_token, amount_minor,
       currency, result, attempted_at, next_kind, next_attempt, next_at, exhaustion_reason)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
     ON CONFLICT (payment_id, attempt) DO NOTHING
     RETURNING 1`,
    [
      attempt.paymentId,
      attempt.attempt,
      attempt.paymentMethodToken,
      attempt.amountMinor,
      attempt.currency,
      attempt.result,
      new Date(attempt.at),
      next.kind,
      next.kind === 'retry' ? next.attempt : null,
      next.kind === 'retry' ? new Date(next.at) : null,
      next.kind === 'exhausted' ? next.reason : null,
    ],
  );
  return rows.length > 0;
}

/**
 * Moves the payment's schedule to `next`. A capture closes a schedule if there is one (a renewal
 * captured at once never had one). The schedule only moves forward: an attempt older than the one
 * it waits for changes nothing.
 */
export async function moveSchedule(
  db: EntityManager,
  attempt: AutopayAttempt,
  next: DunningNext,
): Promise<void> {
  const state = next.kind === 'retry' ? 'scheduled' : next.kind;
  const dueAt = next.kind === 'retry' ? new Date(next.at) : null;
  const reason = next.kind === 'exhausted' ? next.reason : null;
  if (next.kind === 'settled') {
    await db.query(
      `UPDATE dunning_schedules SET state = 'settled', due_at = NULL, next_attempt = $2,
              updated_at = now()
        WHERE payment_id = $1 AND state = 'scheduled' AND next_attempt <= $3`,
      [attempt.paymentId, attempt.attempt + 1, attempt.attempt],
    );
    return;
  }
  await db.query(
    `INSERT INTO dunning_schedules (payment_id, subscriber_id, payment_method_token, amount_minor,
       currency, next_attempt, due_at, state, exhaustion_reason)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
     ON CONFLICT (payment_id) DO UPDATE
       SET next_attempt = EXCLUDED.next_attempt, due_at = EXCLUDED.due_at, state = EXCLUDED.state,
           exhaustion_reason = EXCLUDED.exhaustion_reason, updated_at = now()
     WHERE dunning_schedules.state = 'scheduled' AND dunning_schedules.next_attempt <= $10`,
    [
      attempt.paymentId,
      attempt.subscriberId,
      attempt.paymentMethodToken,
      attempt.amountMinor,
      attempt.currency,
      attempt.attempt + 1,
      dueAt,
      state,
      reason,
      attempt.attempt,
    ],
  );
}

interface DueRow {
  payment_id: string;
  subscriber_id: string;
  next_attempt: number;
  due_at: Date;
}

/**
 * Locks the earliest attempt due at `now` that no other transaction holds, skipping the payments
 * in `skip` (they failed in this pass). Another runner's transaction skips it until this one ends.
 */
export async function claimDue(
  db: EntityManager,
  now: number,
  skip: readonly string[],
): Promise<DueAttempt | undefined> {
  const rows = await db.query<DueRow[]>(
    `SELECT payment_id, subscriber_id, next_attempt, due_at FROM dunning_schedules
      WHERE state = 'scheduled' AND due_at <= $1 AND NOT (payment_id = ANY($2::text[]))
      ORDER BY due_at
      LIMIT 1
      FOR UPDATE SKIP LOCKED`,
    [new Date(now), skip],
  );
  const row = rows[0];
  if (!row) return undefined;
  return {
    paymentId: row.payment_id,
    subscriberId: row.subscriber_id,
    attempt: row.next_attempt,
    dueAt: row.due_at.getTime(),
  };
}

/** Whether the attempt was recorded (in this transaction or before). */
export async function isRecorded(db: EntityManager, due: DueAttempt): Promise<boolean> {
  const rows = await db.query<unknown[]>(
    'SELECT 1 FROM dunning_card_attempts WHERE payment_id = $1 AND attempt = $2',
    [due.paymentId, due.attempt],
  );
  return rows.length > 0;
}
