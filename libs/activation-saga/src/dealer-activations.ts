import type { DataSource, EntityManager } from 'typeorm';
import type { ActivationState } from './activation.repository';
import {
  ACTIVATION_STATUS_COLUMNS,
  toStatus,
  type ActivationStatus,
  type ActivationStatusRow,
} from './activation-status';

type Db = DataSource | EntityManager;

/** Where a page of a dealer's activations starts: just after this one, newest first. */
export interface ListPosition {
  requestedAt: Date;
  activationId: string;
}

export interface DealerActivationFilter {
  state?: ActivationState;
  /** Inclusive. */
  requestedFrom?: Date;
  /** Exclusive. */
  requestedBefore?: Date;
}

export interface DealerActivationPage {
  items: ActivationStatus[];
  /** Where the next page starts; undefined on the last page. */
  next?: ListPosition;
}

/**
 * A page of one dealer's activations, newest first, ordered by (requestedAt, activationId) so the
 * order is total and a position stays valid while activations are added: a new one is newer than
 * every page already read, so paging on never repeats or skips one that existed when it started.
 */
export async function listDealerActivations(
  db: Db,
  dealerId: string,
  filter: DealerActivationFilter,
  page: { limit: number; after?: ListPosition },
): Promise<DealerActivationPage> {
  const rows = await db.query<ActivationStatusRow[]>(
    `SELECT ${ACTIVATION_STATUS_COLUMNS} FROM activations
      WHERE dealer_id = $1
        AND ($2::text IS NULL OR state = $2)
        AND ($3::timestamptz IS NULL OR requested_at >= $3)
        AND ($4::timestamptz IS NULL OR requested_at < $4)
        AND ($5::timestamptz IS NULL OR (requested_at, activation_id) < ($5, $6::text))
      ORDER BY requested_at DESC, activation_id DESC
      LIMIT $7`,
    [
      dealerId,
      filter.state ?? null,
      filter.requestedFrom ?? null,
      filter.requestedBefore ?? null,
      page.after?.requestedAt ?? null,
      page.after?.activationId ?? null,
      // One more than asked tells whether there is a next page without counting.
      page.limit + 1,
    ],
  );
  const items = rows.slice(0, page.limit).map(toStatus);
  const last = items[items.length - 1];
  if (rows.length <= page.limit || !last) return { items };
  return { items, next: { requestedAt: last.requestedAt, activationId: last.activationId } };
}

/**
 * Whether this subscriber's line came from an activation this dealer asked for: a dealer may act
 * on its own customers' lines only, and another dealer's line reads as unknown.
 */
export async function isDealersSubscriber(
  db: Db,
  dealerId: string,
  subscriberId: string,
): Promise<boolean> {
  const rows = await db.query<unknown[]>(
    'SELECT 1 FROM activations WHERE subscriber_id = $1 AND dealer_id = $2 LIMIT 1',
    [subscriberId, dealerId],
  );
  return rows.length > 0;
}
