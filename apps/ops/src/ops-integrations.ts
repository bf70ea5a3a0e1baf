import type { DataSource } from 'typeorm';
import { ActivationRedriver } from '@handoff/activation-saga';
import { catalogGroups, topicsOfGroup } from '@handoff/dead-letters';
import { Topics, type Backbone } from '@handoff/messaging';
import type { OwnershipMatrix } from '@handoff/ownership';

/**
 * Ops reads every group's dead letters and writes replays to their first retry tier and ops facts,
 * and redrive requests of held activations to the lifecycle topic (the orchestrator consumes them).
 */
export const OPS_SERVICE = 'ops';

export function opsConsumes(): string[] {
  return catalogGroups().map((g) => topicsOfGroup(g.groupId).deadLetter);
}

export function opsProduces(): string[] {
  return [
    Topics.OpsAudit,
    Topics.SubscriberLifecycle,
    ...catalogGroups().map((g) => topicsOfGroup(g.groupId).retry[0].name),
  ];
}

/** `tax coverage` reads the tax engine's jurisdiction configuration. */
export function opsVendors(): string[] {
  return ['tax-engine'];
}

/** The same redriver for the CLI and the API. */
export function activationRedriver(
  backbone: Backbone,
  dataSource: DataSource,
  ownership: OwnershipMatrix,
): ActivationRedriver {
  return new ActivationRedriver({
    backbone,
    dataSource,
    ownerTeamOf: (point) => ownership.integrationPoint(point)?.responsibleTeam ?? 'unowned',
  });
}
