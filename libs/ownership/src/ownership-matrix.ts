import type {
  Accountable,
  EscalationStep,
  IntegrationPoint,
  OwnershipDocument,
  Team,
} from './ownership.schema';
import { type UnownedIntegration, UnownedIntegrationPointError } from './ownership-errors';
import { validateOwnershipDocument } from './validate-ownership';
import { type CategoryCoverage, categoryOf, isCovered, slaCoverage } from './sla-coverage';

export type TopicDirection = 'consume' | 'produce';

/** The compact owner stamped on events and dead letters. */
export interface Owner {
  integrationPoint: string;
  team: string;
  teamName: string;
  accountable: Accountable;
  escalation: readonly EscalationStep[];
}

export interface ServiceIntegrations {
  service: string;
  consumes?: readonly string[];
  produces?: readonly string[];
  vendors?: readonly string[];
}

const isPattern = (entry: string) => entry.includes('*');

function patternMatches(pattern: string, topic: string): boolean {
  const source = pattern
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\-]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${source}$`).test(topic);
}

export class OwnershipMatrix {
  private readonly topicOwners = new Map<string, IntegrationPoint | undefined>();

  private constructor(
    readonly teams: readonly Team[],
    readonly integrationPoints: readonly IntegrationPoint[],
  ) {}

  /** Validates a parsed document (e.g. the YAML file's content); throws `OwnershipMatrixError`. */
  static fromDocument(document: unknown, source?: string): OwnershipMatrix {
    const parsed: OwnershipDocument = validateOwnershipDocument(document, source);
    return new OwnershipMatrix(parsed.teams, parsed.integrationPoints);
  }

  team(id: string): Team | undefined {
    return this.teams.find((team) => team.id === id);
  }

  integrationPoint(id: string): IntegrationPoint | undefined {
    return this.integrationPoints.find((point) => point.id === id);
  }

  /**
   * The first integration point that consumes (or produces) `topic`. A point naming the topic
   * exactly wins over one that covers it with a pattern such as `*.dlt`.
   */
  forTopic(topic: string, direction: TopicDirection): IntegrationPoint | undefined {
    // Asked for every event a service stamps; the matrix never changes, so each answer is kept.
    const key = `${direction} ${topic}`;
    if (!this.topicOwners.has(key)) this.topicOwners.set(key, this.findForTopic(topic, direction));
    return this.topicOwners.get(key);
  }

  private findForTopic(topic: string, direction: TopicDirection): IntegrationPoint | undefined {
    const topicsOf = (point: IntegrationPoint) =>
      direction === 'consume' ? point.consumes : point.produces;
    return (
      this.integrationPoints.find((point) => topicsOf(point).includes(topic)) ??
      this.integrationPoints.find((point) =>
        topicsOf(point).some((entry) => isPattern(entry) && patternMatches(entry, topic)),
      )
    );
  }

  /** Every error category of every point, covered by its SLA or not, with the point's owner. */
  slaCoverage(): CategoryCoverage[] {
    return slaCoverage(this.integrationPoints, (id) => this.team(id));
  }

  /** The category `code` falls into at the point (its catch-all when none lists it). */
  categoryOf(pointId: string, code: string): { category: string; covered: boolean } | undefined {
    const point = this.integrationPoint(pointId);
    if (!point) return undefined;
    const category = categoryOf(point, code);
    return { category: category.id, covered: isCovered(point, category) };
  }

  forVendor(vendorId: string): IntegrationPoint | undefined {
    return this.integrationPoints.find((point) => point.vendorClients.includes(vendorId));
  }

  owner(pointOrId: IntegrationPoint | string): Owner {
    const point = typeof pointOrId === 'string' ? this.integrationPoint(pointOrId) : pointOrId;
    if (!point) throw new Error(`no integration point "${pointOrId as string}" in ownership.yaml`);
    const team = this.team(point.responsibleTeam);
    return {
      integrationPoint: point.id,
      team: point.responsibleTeam,
      teamName: team?.name ?? point.responsibleTeam,
      accountable: point.accountable,
      escalation: point.escalation,
    };
  }

  /**
   * Called by a service at start-up with the topics it consumes and produces and the vendors it
   * calls; throws `UnownedIntegrationPointError` naming each one that has no owned point.
   */
  assertOwned({ service, consumes = [], produces = [], vendors = [] }: ServiceIntegrations): void {
    const missing: UnownedIntegration[] = [
      ...consumes
        .filter((topic) => !this.isOwned(this.forTopic(topic, 'consume')))
        .map((name) => ({ kind: 'topic-consume' as const, name })),
      ...produces
        .filter((topic) => !this.isOwned(this.forTopic(topic, 'produce')))
        .map((name) => ({ kind: 'topic-produce' as const, name })),
      ...vendors
        .filter((vendor) => !this.isOwned(this.forVendor(vendor)))
        .map((name) => ({ kind: 'vendor' as const, name })),
    ];
    if (missing.length > 0) throw new UnownedIntegrationPointError(service, missing);
  }

  private isOwned(point: IntegrationPoint | undefined): boolean {
    return (
      point !== undefined &&
      this.team(point.responsibleTeam) !== undefined &&
      point.accountable.name.trim().length > 0
    );
  }
}
