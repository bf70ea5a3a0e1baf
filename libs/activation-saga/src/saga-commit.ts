import type { DataSource, EntityManager } from 'typeorm';
import { recordLedger, type LedgerEntry } from '@handoff/audit';
import { MicroBatcher, type Backbone, type EventEnvelope, type NewEvent } from '@handoff/messaging';
import type { Logger } from '@handoff/observability';

export interface StepOutcome {
  events?: NewEvent[];
  ledger?: LedgerEntry[];
}

/**
 * Each saga step commits on its own, before the next step acts: its state change, the events it
 * announces (outbox) and its ledger rows, in one transaction. A crash after a vendor call but
 * before this commit repeats the step, which is why every vendor step is idempotent.
 *
 * Every saga (activation, lifecycle, payments) records its decisions as `saga-step` ledger rows
 * through here, so this is also where each decision is logged, once, after it committed: one info
 * line with the step, the outcome, the subscriber (masked), the correlation id and the event id.
 */
export class SagaCommitter {
  /** Vendor-call rows of activations running at once, written in one statement. */
  private readonly vendorCallRows: MicroBatcher<LedgerEntry[], undefined>;

  constructor(
    private readonly dataSource: DataSource,
    private readonly backbone: Backbone,
    private readonly log?: Logger,
  ) {
    this.vendorCallRows = new MicroBatcher(async (batches) => {
      await recordLedger(this.dataSource, batches.flat());
      return batches.map(() => undefined);
    });
  }

  async commit<T>(
    cause: EventEnvelope,
    work: (db: EntityManager) => Promise<{ result: T } & StepOutcome>,
  ): Promise<T> {
    const { result, events, ledger } = await this.dataSource.transaction((db) =>
      this.write(db, cause, work),
    );
    if (events.length > 0) this.backbone.relay.wake();
    this.logDecisions(ledger);
    return result;
  }

  /**
   * The same, in a transaction the caller holds (dunning's, which locks the schedule row the step
   * belongs to): the rows become visible with the caller's commit, and the relay's poll finds them.
   */
  async commitWithin<T>(
    db: EntityManager,
    cause: EventEnvelope | undefined,
    work: (db: EntityManager) => Promise<{ result: T } & StepOutcome>,
  ): Promise<T> {
    const { result, ledger } = await this.write(db, cause, work);
    // Logged before the caller's commit: a rollback after this is logged by the caller's failure.
    this.logDecisions(ledger);
    return result;
  }

  private async write<T>(
    db: EntityManager,
    cause: EventEnvelope | undefined,
    work: (db: EntityManager) => Promise<{ result: T } & StepOutcome>,
  ): Promise<{ result: T; events: NewEvent[]; ledger: LedgerEntry[] }> {
    const outcome = await work(db);
    const events = outcome.events ?? [];
    const ledger = outcome.ledger ?? [];
    await this.backbone.writeToOutbox(db, events, cause);
    await recordLedger(db, ledger);
    return { result: outcome.result, events, ledger };
  }

  private logDecisions(ledger: LedgerEntry[]): void {
    for (const entry of ledger) {
      if (entry.kind !== 'saga-step') continue;
      const { step, ...summary } = entry.summary ?? {};
      const fields = {
        ...summary,
        step,
        outcome: entry.outcome,
        subscriberId: entry.subject,
        correlationId: entry.correlationId,
        eventId: entry.causationId,
        integrationPoint: entry.integrationPoint,
      };
      this.log?.info(fields, `saga decision: ${String(step)} ${entry.outcome}`);
    }
  }

  /**
   * Ledger rows only (a vendor call), committed at once so the trail survives a rollback. The rows
   * of other activations recorded meanwhile share the statement: with many activations in flight,
   * one insert per flush instead of one per call (the orchestrator is bound by its round trips).
   */
  async record(entries: LedgerEntry[]): Promise<void> {
    if (entries.length > 0) await this.vendorCallRows.load(entries);
  }
}
