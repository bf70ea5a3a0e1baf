import type { OwnershipLookup } from '@handoff/messaging';
import type { OwnershipMatrix } from '@handoff/ownership';

/** The messaging core asks "who owns this topic?"; the matrix answers. */
export function ownershipLookup(matrix: OwnershipMatrix): OwnershipLookup {
  return {
    ownerOf: (topic, direction) => {
      const point = matrix.forTopic(topic, direction);
      return point ? { integrationPoint: point.id, ownerTeam: point.responsibleTeam } : undefined;
    },
  };
}
