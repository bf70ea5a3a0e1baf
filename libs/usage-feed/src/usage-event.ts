import { v5 as uuidv5 } from 'uuid';
import { EventTypes, type UsageFileLine, type UsageRecordDelivered } from '@handoff/contracts';
import type { NewEvent } from '@handoff/messaging';
import type { DeliveredUsage } from './usage-row.parser';

/** Fixed forever: changing it would give every CDR a new event id and defeat de-duplication. */
const MNO_USAGE_NAMESPACE = '6f0b7c1e-3d2a-5b8e-9c4f-1a2b3c4d5e6f';

/**
 * The event id of a CDR: a name-based UUID (v5) of the MNO's record id, so a record imported twice,
 * from the same file or another, is the same event and the consumers' inbox drops the second
 * (decision 58).
 */
export function usageEventId(recordId: string): string {
  return uuidv5(recordId, MNO_USAGE_NAMESPACE);
}

/** The feed event of a CDR read from a file; keyed by IMSI (the MSISDN when there is none). */
export function deliveredUsageEvent(
  record: DeliveredUsage,
  source: UsageFileLine,
): NewEvent<UsageRecordDelivered> {
  return {
    id: usageEventId(record.recordId),
    type: EventTypes.UsageRecordDelivered,
    subject: record.subjectId,
    data: { ...record, source },
  };
}
