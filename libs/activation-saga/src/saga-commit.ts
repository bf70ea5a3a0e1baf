import type { DataSource, EntityManager } from 'typeorm';
import { recordLedger, type LedgerEntry } from '@handoff/audit';
import type { Backbone, EventEnvelope, NewEvent } from '@handoff/messaging';

export interface StepOutcome {
  events?: NewEvent[];
  ledger?: LedgerEntry[];
}

/**
 * Each saga step commits on its own, before the next step acts: its state change, the events it
 * announces (outbox) and its ledger rows, in one transaction. A crash after a vendor call but
 * before this commit repeats the step, which is why every vendor step is idempotent.
 */
export class SagaCommitter {
  constructor(
    private readonly dataSource: DataSource,
    private readonly backbone: Backbone,
  ) {}

  async commit<T>(
    cause: EventEnvelope,
    work: (db: EntityManager) => Promise<{ result: T } & StepOutcome>,
  ): Promise<T> {
    const { result, events = [] } = await this.dataSource.transaction(async (db) => {
      const outcome = await work(db);
      await this.backbone.writeToOutbox(db, outcome.events ?? [], cause);
      await recordLedger(db, outcome.ledger ?? []);
      return outcome;
    });
    if (events.length > 0) this.backbone.relay.wake();
    return result;
  }

  /** Ledger rows only (a failed vendor call), committed at once so the trail survives a rollback. */
  async record(entries: LedgerEntry[]): Promise<void> {
    await recordLedger(this.dataSource, entries);
  }
}
