import type { DataSource, EntityManager } from 'typeorm';
import type { Backbone, NewEvent } from '@handoff/messaging';
import type { RunnerLog } from '@handoff/messaging';
import type { OwnershipMatrix } from '@handoff/ownership';

/** What each part of the watch needs: the database, the matrix, and the outbox for its alerts. */
export interface WatchDeps {
  dataSource: DataSource;
  matrix: OwnershipMatrix;
  backbone: Pick<Backbone, 'writeToOutbox' | 'relay'>;
  log: RunnerLog;
}

/**
 * Runs `work` in a transaction and writes the alerts it returns to the outbox in that same
 * transaction: an alert is published if and only if the state change that justifies it commits.
 */
export async function withAlerts(
  deps: WatchDeps,
  work: (tx: EntityManager) => Promise<NewEvent[]>,
): Promise<number> {
  const sent = await deps.dataSource.transaction(async (tx) => {
    const events = await work(tx);
    if (events.length > 0) await deps.backbone.writeToOutbox(tx, events);
    return events.length;
  });
  if (sent > 0) deps.backbone.relay.wake();
  return sent;
}
