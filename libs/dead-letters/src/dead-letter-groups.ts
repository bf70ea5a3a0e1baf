import {
  ConsumerGroups,
  DEFAULT_RETRY_DELAYS_MS,
  groupTopics,
  ORCHESTRATOR_RETRY_DELAYS_MS,
  type GroupTopics,
} from '@handoff/messaging';

/** A consumer group whose dead letters ops can browse and replay. */
export interface DeadLetterGroup {
  groupId: string;
  retryDelaysMs: readonly number[];
}

/** The consumer groups of the topic catalog, with the retry tiers each one runs. */
export function catalogGroups(): DeadLetterGroup[] {
  return Object.values(ConsumerGroups).map((groupId) => ({
    groupId,
    retryDelaysMs:
      groupId === ConsumerGroups.Orchestrator
        ? ORCHESTRATOR_RETRY_DELAYS_MS
        : DEFAULT_RETRY_DELAYS_MS,
  }));
}

/**
 * The retry and dead-letter topics of a group. A group outside the catalog (a new service, a test)
 * still has `<group>.retry-1` and `<group>.dlt`, which is all browsing and replaying need.
 */
export function topicsOfGroup(
  groupId: string,
  known: readonly DeadLetterGroup[] = catalogGroups(),
): GroupTopics {
  const group = known.find((g) => g.groupId === groupId);
  return groupTopics(groupId, group?.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS);
}

/** The group a dead-letter topic belongs to (`<group>.dlt`). */
export function groupOfDeadLetterTopic(topic: string): string | undefined {
  return topic.endsWith('.dlt') ? topic.slice(0, -'.dlt'.length) : undefined;
}
