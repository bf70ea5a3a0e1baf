import type { FailureSource } from '@handoff/operational-truth';
import { describeUncovered, type CategoryCoverage, type OwnershipMatrix } from '@handoff/ownership';
import type { OpenDeadLetterReader } from '../kpis/open-dead-letters';

/** What GET /v1/sla/coverage and `ops sla-coverage --json` answer. */
export interface SlaCoverageReport {
  categories: CategoryCoverage[];
  uncovered: number;
}

export function slaCoverageReport(matrix: OwnershipMatrix): SlaCoverageReport {
  const categories = matrix.slaCoverage();
  return { categories, uncovered: categories.filter((c) => !c.covered).length };
}

interface WarnLog {
  warn(fields: Record<string, unknown>, message: string): void;
}

/** At start-up, one structured warning per category no SLA covers, naming who must negotiate it. */
export function warnUncoveredCategories(matrix: OwnershipMatrix, log: WarnLog): void {
  for (const c of matrix.slaCoverage().filter((category) => !category.covered)) {
    log.warn(
      {
        integrationPoint: c.integrationPoint,
        category: c.category,
        codes: c.catchAll ? ['*'] : c.codes,
        ownerTeam: c.ownerTeam,
        accountable: c.accountable,
      },
      `SLA coverage: ${describeUncovered(c)}`,
    );
  }
}

/**
 * The failures waiting on someone are the open dead letters (decision 94): each names the point
 * that owns its failure and the classified code it failed with.
 */
export function openDeadLetterFailures(openDeadLetters: OpenDeadLetterReader): FailureSource {
  return async () => {
    // The map's and the KPIs' cached read: a read that failed comes back incomplete, resolving nothing.
    const { items, complete } = await openDeadLetters();
    return {
      complete,
      failures: items.map((d) => ({
        failureId: d.uid ?? d.id,
        integrationPoint: d.owner.integrationPoint,
        errorCode: d.error.code,
        observedAt: new Date(d.deadLetteredAt),
      })),
    };
  };
}
