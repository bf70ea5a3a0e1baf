import type { DunningLedgerPort, DunningNext } from '@handoff/dunning';

/**
 * Stands in for dunning until its ledger (`@handoff/dunning`, built on another branch) is wired
 * here: a schedule with no retries. A capture settles; a decline ends the schedule at once, so a
 * declined renewal is announced with `suspensionRequested` and a `SubscriberSuspensionRequested`,
 * and nothing is retried (decision 50). It records nothing, so it counts nothing against the
 * card-network limits: the one place it must be replaced before real traffic.
 */
export class InterimDunning implements DunningLedgerPort {
  recordAttempt(
    _db: unknown,
    attempt: { result: 'captured' | 'softDecline' | 'hardDecline' },
  ): Promise<DunningNext> {
    if (attempt.result === 'captured') return Promise.resolve({ kind: 'settled' });
    const reason = attempt.result === 'hardDecline' ? 'HARD_DECLINE' : 'SCHEDULE_EXHAUSTED';
    return Promise.resolve({ kind: 'exhausted', reason });
  }
}
