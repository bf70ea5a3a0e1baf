import { randomBytes, randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { ActivationRepository } from '@handoff/activation-saga';
import { EventTypes, type UsageRecordDelivered, type UsageTotals } from '@handoff/contracts';
import { Topics } from '@handoff/messaging';
import { newIccid } from './activation-requests';
import { kcatProduceCloudEvent } from './kcat';
import { confluentAvro } from './outside-avro';

export const USAGE_CSV_HEADER =
  'record_id,record_type,imsi,msisdn,direction,start_time,duration_seconds,bytes_up,bytes_down,message_count,roaming,serving_plmn,cell_id,zone';

/** A random IMSI (15 digits, the test's own) or MSISDN (11 digits). */
export const newImsi = () =>
  `3102609${randomBytes(4).readUInt32BE(0).toString().padStart(8, '0').slice(0, 8)}`;
export const newMsisdn = () =>
  `1415${randomBytes(4).readUInt32BE(0).toString().padStart(7, '0').slice(0, 7)}`;

export interface TestLine {
  subscriberId: string;
  imsi: string;
  msisdn: string;
}

/** A line as the activation saga writes it (the trigger records its IMSI and MSISDN). */
export async function createLine(
  db: EntityManager,
  line: Partial<TestLine> = {},
): Promise<TestLine> {
  const created = {
    subscriberId: line.subscriberId ?? `sub-${randomUUID()}`,
    imsi: line.imsi ?? newImsi(),
    msisdn: line.msisdn ?? newMsisdn(),
  };
  await new ActivationRepository().createSubscriber(db, {
    ...created,
    iccid: newIccid(),
    planCode: 'UNL-5G-30',
    activationId: `act-${randomUUID()}`,
  });
  return created;
}

/** A generated CDR: what the file says, and the subscriber the test knows it belongs to. */
export interface GeneratedCdr {
  subscriberId: string;
  data: UsageRecordDelivered;
}

/** A deterministic spread of voice, SMS and data records of `line` around `around`. */
export function generateCdrs(
  prefix: string,
  line: TestLine & { by?: 'imsi' | 'msisdn' },
  count: number,
  around: Date,
  seed: number,
): GeneratedCdr[] {
  let state = seed;
  const next = (n: number) => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state % n;
  };
  return Array.from({ length: count }, (_, i) => {
    const type = (['voice', 'sms', 'data'] as const)[next(3)];
    const startedAt = around.getTime() - 2 * 3600_000 + next(4 * 3600) * 1000;
    const byImsi = line.by !== 'msisdn';
    return {
      subscriberId: line.subscriberId,
      data: usageRecord({
        recordId: `${prefix}-${seed}-${i}`,
        imsi: byImsi ? line.imsi : null,
        msisdn: byImsi ? null : line.msisdn,
        recordType: type,
        startedAt,
        durationSeconds: type === 'sms' ? null : 1 + next(3600),
        messageCount: type === 'sms' ? 1 + next(3) : null,
        bytesUp: type === 'data' ? next(50_000_000) : null,
        bytesDown: type === 'data' ? next(900_000_000) : null,
      }),
    };
  });
}

export function usageRecord(
  fields: Pick<UsageRecordDelivered, 'recordId' | 'imsi' | 'msisdn' | 'recordType' | 'startedAt'> &
    Partial<UsageRecordDelivered>,
): UsageRecordDelivered {
  return {
    subjectId: fields.imsi ?? fields.msisdn ?? '',
    direction: fields.recordType === 'data' ? 'unknown' : 'mobileOriginated',
    durationSeconds: null,
    bytesUp: null,
    bytesDown: null,
    messageCount: null,
    roaming: false,
    servingPlmn: null,
    cellId: null,
    zone: null,
    source: null,
    ...fields,
  };
}

/** The MNO's CSV of the records (docs/usage.md). */
export function usageCsv(cdrs: readonly GeneratedCdr[]): string {
  const lines = cdrs.map(({ data: d }) =>
    [
      d.recordId,
      d.recordType,
      d.imsi ?? '',
      d.msisdn ?? '',
      d.recordType === 'data' ? '' : d.direction === 'mobileOriginated' ? 'mo' : 'mt',
      new Date(d.startedAt).toISOString(),
      d.durationSeconds ?? '',
      d.bytesUp ?? '',
      d.bytesDown ?? '',
      d.messageCount ?? '',
      'false',
      '',
      '',
      '',
    ].join(','),
  );
  return [USAGE_CSV_HEADER, ...lines, ''].join('\n');
}

export interface ExpectedAggregate {
  totals: UsageTotals;
  lateRecords: number;
}

/** The totals per `subscriber/day/type`, computed from the records alone (not Handoff's code). */
export function expectedAggregates(
  cdrs: readonly GeneratedCdr[],
  isLate: (startedAt: number) => boolean,
): Map<string, ExpectedAggregate> {
  const sums = new Map<string, ExpectedAggregate>();
  for (const { subscriberId, data } of cdrs) {
    const key = `${subscriberId}/${new Date(data.startedAt).toISOString().slice(0, 10)}/${data.recordType}`;
    const sum = sums.get(key) ?? {
      totals: { recordCount: 0, durationSeconds: 0, messageCount: 0, bytesUp: 0, bytesDown: 0 },
      lateRecords: 0,
    };
    sum.totals.recordCount += 1;
    sum.totals.durationSeconds += data.durationSeconds ?? 0;
    sum.totals.messageCount += data.messageCount ?? 0;
    sum.totals.bytesUp += data.bytesUp ?? 0;
    sum.totals.bytesDown += data.bytesDown ?? 0;
    sum.lateRecords += isLate(data.startedAt) ? 1 : 0;
    sums.set(key, sum);
  }
  return sums;
}

/** One feed record published with kcat under a new event id, as the MNO's own feed would. */
export async function kcatUsageRecord(scratchDir: string, data: UsageRecordDelivered) {
  const { eventId } = await kcatProduceCloudEvent(scratchDir, {
    topic: Topics.UsageFeed,
    key: data.subjectId,
    type: EventTypes.UsageRecordDelivered,
    source: 'mno/usage-feed',
    value: confluentAvro(EventTypes.UsageRecordDelivered, data),
  });
  return eventId;
}
