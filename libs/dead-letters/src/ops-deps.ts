import type { DataSource, EntityManager } from 'typeorm';
import type { Backbone } from '@handoff/messaging';
import type { OwnershipMatrix } from '@handoff/ownership';
import type { BoundedReadOptions } from './browse/bounded-read';
import type { DeadLetter } from './dead-letter';
import type { DeadLetterGroup } from './dead-letter-groups';
import type { VendorCallCatalogue } from './replay/vendor-calls';

/** The parts of a service's backbone the tooling uses: the port, the codec, the outbox. */
export type OpsBackbone = Pick<
  Backbone,
  'client' | 'producer' | 'codec' | 'writeToOutbox' | 'relay'
>;

export interface DeadLetterOpsDeps {
  backbone: OpsBackbone;
  dataSource: DataSource;
  ownership: OwnershipMatrix;
  /** The groups browsed when no group is named; the topic catalog's groups by default. */
  groups?: readonly DeadLetterGroup[];
  read?: BoundedReadOptions;
  /** What each group's handler calls at vendors, announced by a dry run; none declared by default. */
  vendorCalls?: VendorCallCatalogue;
  /**
   * Asked under the dead letter's lock before a discard: why this one must not be discarded (the
   * owner of what it carries says, e.g. an activation still holding money), or undefined. `force`
   * does not override it: it re-acts on a decided dead letter, it does not drop what is owed.
   */
  refuseDiscard?: DiscardGuard;
}

export type DiscardGuard = (
  db: EntityManager,
  deadLetter: DeadLetter,
  key: string | null,
) => Promise<string | undefined>;

/** The operator acting, already authenticated by the caller (API guard or CLI). */
export interface OpsActor {
  operatorId: string;
}
