import type { EntityManager } from 'typeorm';
import type { DunningSettings } from './dunning.config';
import type { AutopayAttempt, DunningLedgerPort, DunningNext } from './dunning.port';
import { scheduleNext } from './dunning.schedule';
import {
  attemptsAround,
  insertAttempt,
  lockCard,
  moveSchedule,
  recordedAnswer,
} from './dunning.store';

/**
 * Counts each attempt against the card-network cap and moves the payment's schedule, in the
 * caller's transaction (docs/dunning.md). Recording an attempt again returns the answer it got the
 * first time: a redelivered decline or a retried transaction neither counts twice nor reschedules.
 */
export class DunningLedger implements DunningLedgerPort {
  constructor(private readonly settings: DunningSettings) {}

  async recordAttempt(db: EntityManager, attempt: AutopayAttempt): Promise<DunningNext> {
    await lockCard(db, attempt);
    const recorded = await recordedAnswer(db, attempt.paymentId, attempt.attempt);
    if (recorded) return recorded;
    const next = await this.decide(db, attempt);
    if (!(await insertAttempt(db, attempt, next))) {
      // Recorded meanwhile under another card or amount (the caller's mistake): the first one stands.
      return (await recordedAnswer(db, attempt.paymentId, attempt.attempt)) ?? next;
    }
    await moveSchedule(db, attempt, next);
    return next;
  }

  /**
   * The schedule's answer, unless a retry at that time would make more attempts of this card and
   * amount in one window than the cap allows: this attempt, the others made or scheduled, and it.
   */
  private async decide(db: EntityManager, attempt: AutopayAttempt): Promise<DunningNext> {
    const next = scheduleNext(attempt, this.settings.retryAfterMs);
    if (next.kind !== 'retry') return next;
    const { attempts: cap, windowMs } = this.settings.cardNetworkCap;
    const others = await attemptsAround(db, attempt, next.at, windowMs);
    const self = attempt.at > next.at - windowMs ? 1 : 0;
    if (others + self + 1 <= cap) return next;
    return { kind: 'exhausted', reason: 'CARD_NETWORK_CAP' };
  }
}
