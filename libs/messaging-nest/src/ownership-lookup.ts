import type { OwnershipLookup } from '@handoff/messaging';
import type { IntegrationPoint, OwnershipMatrix } from '@handoff/ownership';

/** The messaging core asks "who owns this topic?"; the matrix answers. */
export function ownershipLookup(matrix: OwnershipMatrix): OwnershipLookup {
  const ownership = (point: IntegrationPoint | undefined) =>
    point ? { integrationPoint: point.id, ownerTeam: point.responsibleTeam } : undefined;
  return {
    ownerOf: (topic, direction) => ownership(matrix.forTopic(topic, direction)),
    ownerOfPoint: (id) => ownership(matrix.integrationPoint(id)),
  };
}
