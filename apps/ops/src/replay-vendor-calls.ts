import { ORCHESTRATOR_VENDOR_CALLS } from '@handoff/activation-saga';
import type { VendorCallCatalogue } from '@handoff/dead-letters';
import { ConsumerGroups } from '@handoff/messaging';

/**
 * What each consumer group of the topic catalog calls at vendors, for a replay's dry run: the saga
 * declares its own calls next to its steps; the audit ledger and the backbone demo call none.
 */
export const REPLAY_VENDOR_CALLS: VendorCallCatalogue = {
  [ConsumerGroups.Orchestrator]: ORCHESTRATOR_VENDOR_CALLS,
  [ConsumerGroups.AuditLedger]: {},
  [ConsumerGroups.BackboneDemo]: {},
};
