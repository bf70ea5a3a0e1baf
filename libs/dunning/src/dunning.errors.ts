import { PermanentError } from '@handoff/resilience';
import type { DueAttempt } from './dunning.port';

/**
 * A `PerformDueAttempt` returned without recording the attempt it was given. Committing would leave
 * the processor's answer unknown to dunning and the attempt due again at once, so the transaction
 * rolls back; the same code would fail the same way, which makes it permanent: a bug to fix.
 */
export class DunningAttemptNotRecordedError extends PermanentError {
  constructor(readonly due: DueAttempt) {
    super(
      'DUNNING.ATTEMPT_NOT_RECORDED',
      `the dunning attempt ${due.attempt} of payment ${due.paymentId} was performed without ` +
        'recordAttempt in its transaction; rolled back, it stays due',
    );
  }
}
