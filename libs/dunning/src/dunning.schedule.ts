import type { AutopayAttempt, DunningNext } from './dunning.port';

/**
 * What the schedule alone says after an attempt, before the card-network cap is consulted: a
 * capture settles, a hard decline is never retried, a soft decline is retried `retryAfterMs[n]`
 * after attempt n until the schedule is used up.
 */
export function scheduleNext(
  attempt: Pick<AutopayAttempt, 'attempt' | 'result' | 'at'>,
  retryAfterMs: readonly number[],
): DunningNext {
  switch (attempt.result) {
    case 'captured':
      return { kind: 'settled' };
    case 'hardDecline':
      return { kind: 'exhausted', reason: 'HARD_DECLINE' };
    case 'softDecline':
      if (attempt.attempt >= retryAfterMs.length) {
        return { kind: 'exhausted', reason: 'SCHEDULE_EXHAUSTED' };
      }
      return {
        kind: 'retry',
        attempt: attempt.attempt + 1,
        at: attempt.at + retryAfterMs[attempt.attempt],
      };
  }
}
