import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { Operator } from '@handoff/access';
import { readSubjectTrail, recordLedger } from '@handoff/audit';
import type { OwnershipMatrix } from '@handoff/ownership';
import type { CareLookupRecord } from './care-view';

/** Care is Handoff's own business: its look-ups are filed under the internal integration point. */
export const CARE_POINT = 'handoff-internal';

export type CareViewName = 'diagnostic' | 'mno-line';

export interface CareLookup {
  operator: Operator;
  view: CareViewName;
  /** The subscriber id when one is known, else what was asked; stored masked and as a keyed ref. */
  subject: string;
  /** What the identifier was taken for: `msisdn`, `iccid` or `subscriberId`. */
  askedBy: string;
  outcome: 'found' | 'not-found' | 'rate-limited';
}

/** Records one look-up in the audit ledger: who, when, which subscriber, what they saw. */
export async function recordCareLookup(
  db: DataSource,
  ownership: OwnershipMatrix,
  lookup: CareLookup,
): Promise<void> {
  const owner = ownership.owner(CARE_POINT);
  await recordLedger(db, [
    {
      occurredAt: new Date(),
      correlationId: `care-lookup-${randomUUID()}`,
      kind: 'care-lookup',
      actor: `operator:${lookup.operator.operatorId}`,
      integrationPoint: owner.integrationPoint,
      ownerTeam: owner.team,
      subject: lookup.subject,
      summary: { view: lookup.view, askedBy: lookup.askedBy, roles: lookup.operator.roles },
      outcome: lookup.outcome,
    },
  ]);
}

/** Care's look-ups of these subjects (a subscriber's id, ICCIDs, what was asked), newest first. */
export async function careLookupsOf(
  db: DataSource,
  subjects: readonly string[],
  limit = 100,
): Promise<CareLookupRecord[]> {
  const rows = await readSubjectTrail(db, subjects, { limit, kinds: ['care-lookup'] });
  return rows.map((row) => ({
    at: row.occurredAt,
    by: row.actor,
    view: typeof row.summary?.view === 'string' ? row.summary.view : 'diagnostic',
    outcome: row.outcome,
    correlationId: row.correlationId,
  }));
}

/** What an identifier looks like, for the audit row: the look-up itself tries all three. */
export function identifierKind(identifier: string): string {
  if (/^\+?\d{8,15}$/.test(identifier)) return 'msisdn';
  if (/^89\d{16,20}F?$/i.test(identifier)) return 'iccid';
  return 'subscriberId';
}
