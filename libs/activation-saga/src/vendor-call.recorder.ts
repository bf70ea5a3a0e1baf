import type { EventEnvelope } from '@handoff/messaging';
import { BusinessRejection, DeferredError, RetryableError } from '@handoff/resilience';
import type { SagaCommitter } from './saga-commit';
import type { SagaLedger } from './saga-ledger';

/** One vendor call, timed and in the ledger (with its integration point) whatever its outcome. */
export class VendorCallRecorder {
  constructor(
    private readonly committer: SagaCommitter,
    private readonly ledger: SagaLedger,
  ) {}

  async call<T>(
    envelope: EventEnvelope,
    at: { integrationPoint: string; operation: string; attempt: number },
    call: () => Promise<T>,
    describe: (result: T) => { outcome: string; id?: string },
  ): Promise<T> {
    const started = Date.now();
    const entry = (outcome: string, id?: string, errorCode?: string) =>
      this.ledger.vendorCall(
        envelope,
        at.operation,
        at.attempt,
        Date.now() - started,
        outcome,
        id,
        errorCode,
        at.integrationPoint,
      );
    try {
      const result = await call();
      const { outcome, id } = describe(result);
      await this.committer.record([entry(outcome, id)]);
      return result;
    } catch (error) {
      const code = (error as { code?: string }).code ?? 'UNCLASSIFIED';
      await this.committer.record([entry(vendorCallOutcome(error), undefined, code)]);
      throw error;
    }
  }
}

/**
 * A failed call's outcome in the ledger: `held` (an outage: breaker open or the vendor down, work
 * kept), `retrying`, `rejected` (the vendor answered and said no: a business outcome, not a
 * failure of the vendor) or `failed` (a permanent error: garbled or refused on our side).
 */
export function vendorCallOutcome(error: unknown): 'held' | 'retrying' | 'rejected' | 'failed' {
  if (error instanceof DeferredError) return 'held';
  if (error instanceof RetryableError) return 'retrying';
  if (error instanceof BusinessRejection) return 'rejected';
  return 'failed';
}
