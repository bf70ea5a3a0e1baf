import type { ErrorCategory, IntegrationPoint, Team } from './ownership.schema';

/** One error category of one point, and whether the point's SLA covers it. */
export interface CategoryCoverage {
  integrationPoint: string;
  category: string;
  description: string;
  codes: readonly string[];
  catchAll: boolean;
  covered: boolean;
  /** The team that owns the point: who must negotiate an uncovered category with the vendor. */
  ownerTeam: string;
  ownerTeamName: string;
  accountable: string;
}

function codeMatches(pattern: string, code: string): boolean {
  return pattern.endsWith('.*') ? code.startsWith(pattern.slice(0, -1)) : pattern === code;
}

/**
 * The category a code falls into at a point: the one listing it exactly, else one listing its
 * prefix (`MNO.*`), else the catch-all (codes built from a vendor's answer, codes added later).
 */
export function categoryOf(point: IntegrationPoint, code: string): ErrorCategory {
  const { errorCategories: categories } = point;
  return (
    categories.find((c) => c.codes.includes(code)) ??
    categories.find((c) => c.codes.some((pattern) => codeMatches(pattern, code))) ??
    // Validation guarantees exactly one catch-all per point.
    categories.find((c) => c.catchAll)!
  );
}

export function isCovered(point: IntegrationPoint, category: ErrorCategory): boolean {
  return point.sla.covers.includes(category.id);
}

/** Every category of every point, covered or not, with the owner of the point. */
export function slaCoverage(
  points: readonly IntegrationPoint[],
  teamOf: (id: string) => Team | undefined,
): CategoryCoverage[] {
  return points.flatMap((point) =>
    point.errorCategories.map((category) => ({
      integrationPoint: point.id,
      category: category.id,
      description: category.description,
      codes: category.codes,
      catchAll: category.catchAll,
      covered: isCovered(point, category),
      ownerTeam: point.responsibleTeam,
      ownerTeamName: teamOf(point.responsibleTeam)?.name ?? point.responsibleTeam,
      accountable: point.accountable.name,
    })),
  );
}

/**
 * One line for an uncovered category, the same in the start-up log, the CLI and the demo:
 * "handoff-to-mno undocumented-order-failure (MNO.ORDER_FAILED): uncovered, Network Operations
 * (Marcus Oyelaran) must negotiate it".
 */
export function describeUncovered(c: CategoryCoverage): string {
  const codes = c.catchAll ? 'any other code' : c.codes.join(', ');
  return (
    `${c.integrationPoint} ${c.category} (${codes}): uncovered, ` +
    `${c.ownerTeamName} (${c.accountable}) must negotiate it`
  );
}
