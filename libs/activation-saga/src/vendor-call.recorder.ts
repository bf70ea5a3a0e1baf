import type { EventEnvelope } from '@handoff/messaging';
import { DeferredError, RetryableError } from '@handoff/resilience';
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
      await this.committer.record([entry(outcomeOf(error), undefined, code)]);
      throw error;
    }
  }
}

function outcomeOf(error: unknown): string {
  if (error instanceof DeferredError) return 'held';
  if (error instanceof RetryableError) return 'retrying';
  return 'failed';
}
