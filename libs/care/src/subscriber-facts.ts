import type { DataSource } from 'typeorm';
import {
  findSubscriberRecords,
  REDRIVABLE_HOLDS,
  type ActivationRecordSummary,
  type SubscriberRecords,
} from '@handoff/activation-saga';
import { readSubjectTrail, type LedgerRow } from '@handoff/audit';
import { MNO_INTEGRATION_POINT } from '@handoff/mno-provisioning';
import {
  openEscalations,
  openIncidents,
  openJeopardiesOf,
  type Jeopardy,
} from '@handoff/operational-truth';
import type { OwnershipMatrix } from '@handoff/ownership';
import { SimInventoryRepository, type Sim } from '@handoff/sim-inventory';
import type { HoldFacts } from './status-sentence';

/** Ledger rows read per look-up: the handoffs shown and the dead-letter facts come from them. */
const TRAIL_ROWS = 200;

/** Everything Handoff's own stores say about one subscriber, raw: the view masks it. */
export interface SubscriberFacts {
  records: SubscriberRecords;
  sim: Sim | undefined;
  trail: LedgerRow[];
  jeopardies: Jeopardy[];
  /** Why the latest activation is held, when it is. */
  hold: HoldFacts | undefined;
}

/** The ledger subjects a subscriber's rows carry: its id, its activations' ids, its SIMs. */
export function subjectsOf(records: SubscriberRecords, asked: string): string[] {
  const ids = [asked, records.subscriberId, records.line?.iccid];
  for (const a of records.activations) ids.push(a.activationId, a.iccid);
  return [...new Set(ids.filter((id): id is string => Boolean(id)))];
}

export async function gatherFacts(
  db: DataSource,
  ownership: OwnershipMatrix,
  identifier: string,
): Promise<SubscriberFacts | undefined> {
  const records = await findSubscriberRecords(db, identifier);
  if (!records) return undefined;
  const iccid = records.line?.iccid ?? records.activations[0]?.iccid;
  const workRefs = [
    ...records.activations.map((a) => a.activationId),
    ...records.openRequests.map((r) => `${records.subscriberId}/${r.requestId}`),
  ];
  const [sim, trail, jeopardies, hold] = await Promise.all([
    iccid ? new SimInventoryRepository().find(db.manager, iccid) : undefined,
    readSubjectTrail(db, subjectsOf(records, identifier), { limit: TRAIL_ROWS }),
    openJeopardiesOf(db.manager, workRefs, records.subscriberId),
    holdOf(db, ownership, records.activations[0]),
  ]);
  return { records, sim, trail, jeopardies, hold };
}

/**
 * Why a held activation waits: a redrivable hold (a tax jurisdiction not configured) is its own
 * reason; any other hold is the MNO's breaker open, so the MNO's open incident says since when
 * it is down and its latest escalation who was paged.
 */
async function holdOf(
  db: DataSource,
  ownership: OwnershipMatrix,
  activation: ActivationRecordSummary | undefined,
): Promise<HoldFacts | undefined> {
  if (activation?.state !== 'held') return undefined;
  const redrivable = activation.reasonCode ? REDRIVABLE_HOLDS[activation.reasonCode] : undefined;
  const point = redrivable ?? MNO_INTEGRATION_POINT;
  const [incidents, escalations] = await Promise.all([
    openIncidents(db.manager),
    openEscalations(db),
  ]);
  const opened = incidents
    .filter((i) => i.integrationPoint === point)
    .map((i) => i.openedAt.getTime());
  return {
    what: redrivable
      ? (activation.reasonMessage ?? activation.reasonCode ?? 'held')
      : 'MNO provisioning',
    vendorDown: !redrivable,
    ownerTeam: ownership.owner(point).teamName,
    downSince: opened.length > 0 ? new Date(Math.min(...opened)) : undefined,
    heldSince: activation.updatedAt,
    escalatedTo: escalations.find((e) => e.integrationPoint === point)?.who,
  };
}
