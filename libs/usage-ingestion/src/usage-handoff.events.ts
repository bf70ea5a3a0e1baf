import { v5 as uuidv5 } from 'uuid';
import {
  EventTypes,
  type UsageAggregateCorrected,
  type UsageAggregated,
  type UsageRecordRejected,
} from '@handoff/contracts';
import type { NewEvent } from '@handoff/messaging';
import type { UsageType } from './usage-record';
import { SUBSCRIBER_UNKNOWN } from './usage-record.store';
import type { Totals, UnhandedAggregate } from './usage-totals.store';

/** Fixed forever: an aggregate's version is always the same event, however often it is written. */
const USAGE_HANDOFF_NAMESPACE = '2c9d4e1a-7b3f-5a60-8d2e-4f1b6c3a9e07';

/**
 * The event that hands an aggregate on: `UsageAggregated` the first time, then
 * `UsageAggregateCorrected` with the delta and the new totals. Its id is derived from the
 * aggregate's key and version, so a pass retried after a crash publishes the same event.
 */
export function handOffEvent(
  aggregate: UnhandedAggregate,
  at: Date,
): NewEvent<UsageAggregated | UsageAggregateCorrected> {
  const version = aggregate.handedVersion + 1;
  const { subscriberId, usageDay, usageType, planCode } = aggregate;
  const common = {
    subjectId: subscriberId,
    subscriberId,
    planCode,
    usageDay,
    usageType,
    version,
    totals: aggregate.totals,
    lateRecords: aggregate.lateRecords,
    handedOnAt: at.getTime(),
  };
  const id = uuidv5(`${subscriberId}/${usageDay}/${usageType}/${version}`, USAGE_HANDOFF_NAMESPACE);
  if (version === 1) {
    return { id, type: EventTypes.UsageAggregated, subject: subscriberId, data: common };
  }
  return {
    id,
    type: EventTypes.UsageAggregateCorrected,
    subject: subscriberId,
    data: { ...common, delta: minus(aggregate.totals, aggregate.handed) },
  };
}

function minus(a: Totals, b: Totals): Totals {
  return {
    recordCount: a.recordCount - b.recordCount,
    durationSeconds: a.durationSeconds - b.durationSeconds,
    messageCount: a.messageCount - b.messageCount,
    bytesUp: a.bytesUp - b.bytesUp,
    bytesDown: a.bytesDown - b.bytesDown,
  };
}

/** A recycled record whose line never appeared, told to the BSS; keyed as the feed keys it. */
export function rejectionEvent(
  record: {
    recordId: string;
    subject: string;
    usageType: UsageType;
    startedAt: Date;
    receivedAt: Date;
  },
  recycleLimit: string,
): NewEvent<UsageRecordRejected> {
  return {
    id: uuidv5(`${record.recordId}/rejected`, USAGE_HANDOFF_NAMESPACE),
    type: EventTypes.UsageRecordRejected,
    subject: record.subject,
    data: {
      subjectId: record.subject,
      recordId: record.recordId,
      recordType: record.usageType,
      startedAt: record.startedAt.getTime(),
      receivedAt: record.receivedAt.getTime(),
      reason: {
        code: SUBSCRIBER_UNKNOWN,
        message: `no line had the record's IMSI or MSISDN within ${recycleLimit} of its arrival`,
      },
    },
  };
}
