import type { NewEvent } from '@handoff/messaging';
import type { Clock } from './clock';
import { escalationResolved } from './alert-events';
import { levelsRaised } from './escalation.store';
import { lockOpenIncident, openIncident, openIncidents, resolveIncident } from './incident.store';
import {
  failuresInOpenIncidents,
  recordedSince,
  recordFailure,
  type UncoveredFailure,
} from './uncovered-failure.store';
import { withAlerts, type WatchDeps } from './watch-deps';

/** A failure waiting on someone at an integration point, with the code it failed with. */
export interface ObservedFailure {
  /** Stable across rounds (a dead letter's own id). */
  failureId: string;
  integrationPoint: string;
  errorCode: string;
  observedAt: Date;
}

/** The failures waiting now; `complete` is false when the read gave up early (then nothing resolves). */
export interface FailureListing {
  failures: ObservedFailure[];
  complete: boolean;
}

/** Where failures are observed: in the ops API, the open dead letters (decision 94). */
export type FailureSource = () => Promise<FailureListing>;

/**
 * A failure in an error category its point's SLA does not cover has no vendor clock to wait on:
 * it opens an `uncoveredFailure` incident (one per point and category while open) at once, which
 * the escalation walk pages on the chain's internal contacts. The incident resolves once no
 * failure of its category is waiting any more (replayed or discarded).
 */
export class UncoveredFailureWatch {
  constructor(
    private readonly deps: WatchDeps,
    private readonly source: FailureSource,
    private readonly clock: Clock,
  ) {}

  async run(): Promise<void> {
    const listedAt = this.clock.now();
    const listing = await this.source();
    const uncovered = listing.failures.flatMap((f) => this.uncovered(f));
    const counted = await failuresInOpenIncidents(
      this.deps.dataSource.manager,
      uncovered.map((f) => f.failureId),
    );
    for (const failure of uncovered.filter((f) => !counted.has(f.failureId))) {
      await this.record(failure);
    }
    if (listing.complete) await this.resolveSettled(uncovered, listedAt);
  }

  private uncovered(failure: ObservedFailure): UncoveredFailure[] {
    const category = this.deps.matrix.categoryOf(failure.integrationPoint, failure.errorCode);
    return category && !category.covered ? [{ ...failure, category: category.category }] : [];
  }

  private async record(failure: UncoveredFailure): Promise<void> {
    const now = this.clock.now();
    await withAlerts(this.deps, async (tx) => {
      const { incident } = await openIncident(tx, {
        kind: 'uncoveredFailure',
        integrationPoint: failure.integrationPoint,
        operation: failure.category,
        openedAt: now,
      });
      await recordFailure(tx, incident.incidentId, failure, now);
      // Paged by the escalation walk, which runs right after in the same round.
      return [];
    });
  }

  /**
   * An incident none of whose failures is waiting resolves, unless another watcher counted a
   * failure in it after this one's listing was taken (the listing cannot know of it).
   */
  private async resolveSettled(
    waiting: readonly UncoveredFailure[],
    listedAt: Date,
  ): Promise<void> {
    const stillWaiting = new Set(waiting.map((f) => `${f.integrationPoint} ${f.category}`));
    const open = await openIncidents(this.deps.dataSource.manager, 'uncoveredFailure');
    for (const { incidentId, integrationPoint, operation } of open) {
      if (stillWaiting.has(`${integrationPoint} ${operation}`)) continue;
      await withAlerts(this.deps, async (tx): Promise<NewEvent[]> => {
        const incident = await lockOpenIncident(tx, incidentId);
        const now = this.clock.now();
        if (!incident || (await recordedSince(tx, incidentId, listedAt))) return [];
        if (!(await resolveIncident(tx, incidentId, now))) return [];
        const levels = await levelsRaised(tx, incidentId);
        return levels > 0 ? [escalationResolved(incident, levels, now)] : [];
      });
    }
  }
}
