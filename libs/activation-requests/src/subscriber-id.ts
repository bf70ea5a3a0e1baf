/**
 * Every lifecycle event is keyed by the subscriber id (docs/decisions.md, decision 6). The BSS
 * names it in its request; the gateway assigns one to a dealer activation at intake; a BSS request
 * that names none gets one from Handoff, announced in the activation's outcome event.
 *
 * An id Handoff assigns is derived from the activation id, never random, so a redelivered, retried
 * or replayed request assigns the same one. Migration 1795640000000 derives it the same way in SQL.
 */
export function assignedSubscriberId(activationId: string): string {
  return `sub-${activationId.replace(/^act-/, '')}`;
}

export interface NamesItsSubscriber {
  activationId: string;
  subscriberId: string | null;
}

/** The subscriber an activation request is for: the one it names, else the one Handoff assigns. */
export function subscriberIdOf(request: NamesItsSubscriber): string {
  return request.subscriberId ? request.subscriberId : assignedSubscriberId(request.activationId);
}

/**
 * The key (and subject) of an activation request: its subscriber id. A request that names none has
 * no subscriber yet, so it is keyed by its activation id; the subscriber's events, from the
 * outcome on, are keyed by the id Handoff assigned.
 */
export function activationRequestKey(request: NamesItsSubscriber): string {
  return request.subscriberId ? request.subscriberId : request.activationId;
}
