import { Topics } from '@handoff/messaging';
import { catalogGroups, topicsOfGroup } from '@handoff/dead-letters';

/** Ops reads every group's dead letters and writes replays to their first retry tier and ops facts. */
export const OPS_SERVICE = 'ops';

export function opsConsumes(): string[] {
  return catalogGroups().map((g) => topicsOfGroup(g.groupId).deadLetter);
}

export function opsProduces(): string[] {
  return [Topics.OpsAudit, ...catalogGroups().map((g) => topicsOfGroup(g.groupId).retry[0].name)];
}
