import type { DataSource } from 'typeorm';
import { ActivationRedriver, discardRefusal } from '@handoff/activation-saga';
import { catalogGroups, topicsOfGroup, type DiscardGuard } from '@handoff/dead-letters';
import { ConsumerGroups, Topics, type Backbone } from '@handoff/messaging';
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
    Topics.OpsAlerts,
    Topics.SubscriberLifecycle,
    ...catalogGroups().map((g) => topicsOfGroup(g.groupId).retry[0].name),
  ];
}

/**
 * `tax coverage` reads the tax engine's jurisdiction configuration; the operational-truth watcher
 * probes every vendor.
 */
export function opsVendors(): string[] {
  return ['tax-engine', 'mno', 'payment-processor'];
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

/**
 * A discard of the orchestrator's dead letter is refused while its activation still holds the
 * customer's money: only the saga releases it, on a replay (decision 45).
 */
export function opsDiscardGuard(
  sagaGroups: readonly string[] = [ConsumerGroups.Orchestrator],
): DiscardGuard {
  return async (db, deadLetter, key) =>
    key !== null && sagaGroups.includes(deadLetter.consumerGroup)
      ? discardRefusal(db, key)
      : undefined;
}
