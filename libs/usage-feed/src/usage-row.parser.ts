import type { UsageDirection, UsageRecordDelivered, UsageRecordType } from '@handoff/contracts';
import type { UsageCsvColumn, UsageCsvRow } from './usage-csv.columns';
import { digits, flag, Invalid, label, utcTime, whole, type Field } from './usage-field.rules';

/** A CDR as the MNO wrote it, before it is placed in a file (`source`). */
export type DeliveredUsage = Omit<UsageRecordDelivered, 'source'>;

export type ParsedRow = { record: DeliveredUsage } | { reasons: string[] };

const RECORD_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/;
const RECORD_TYPES: readonly string[] = ['voice', 'sms', 'data'];
const DIRECTIONS: Record<string, UsageDirection> = {
  mo: 'mobileOriginated',
  mt: 'mobileTerminated',
};

/** Which measures each record type carries: required, optional, or absent (must be empty). */
const MEASURES: Record<string, Partial<Record<UsageCsvColumn, 'required' | 'optional'>>> = {
  voice: { direction: 'required', duration_seconds: 'required' },
  sms: { direction: 'required', message_count: 'required' },
  data: { bytes_up: 'required', bytes_down: 'required', duration_seconds: 'optional' },
};
const MEASURE_COLUMNS = [
  'direction',
  'duration_seconds',
  'bytes_up',
  'bytes_down',
  'message_count',
] as const;

/** Reads one row into the contract's terms, or lists every reason it cannot be (docs/usage.md). */
export function parseUsageRow(row: UsageCsvRow): ParsedRow {
  const reasons: string[] = [];
  const take = <T>(column: UsageCsvColumn, value: Field<T>): T | null => {
    if (value instanceof Invalid) {
      reasons.push(`${column}: ${value.reason}`);
      return null;
    }
    return value;
  };
  const recordType = row.record_type.toLowerCase();
  if (!RECORD_ID.test(row.record_id)) {
    reasons.push('record_id: 1 to 64 letters, digits, dot, dash, colon or underscore, required');
  }
  if (!RECORD_TYPES.includes(recordType)) {
    reasons.push(`record_type: "${row.record_type}" is not voice, sms or data`);
  } else {
    reasons.push(...measureProblems(row, recordType));
  }
  const imsi = take('imsi', digits(row.imsi, 14, 15));
  const msisdn = take('msisdn', digits(row.msisdn, 8, 15));
  if (row.imsi === '' && row.msisdn === '') reasons.push('imsi, msisdn: at least one is required');
  const direction = row.direction.toLowerCase();
  if (direction !== '' && !(direction in DIRECTIONS)) {
    reasons.push(`direction: "${row.direction}" is not mo or mt`);
  }
  const record: DeliveredUsage = {
    subjectId: imsi ?? msisdn ?? '',
    recordId: row.record_id,
    imsi,
    msisdn,
    recordType: recordType as UsageRecordType,
    direction: DIRECTIONS[direction] ?? 'unknown',
    startedAt: take('start_time', utcTime(row.start_time)) ?? 0,
    durationSeconds: take('duration_seconds', whole(row.duration_seconds)),
    bytesUp: take('bytes_up', whole(row.bytes_up)),
    bytesDown: take('bytes_down', whole(row.bytes_down)),
    messageCount: take('message_count', whole(row.message_count, 1)),
    roaming: take('roaming', flag(row.roaming)) ?? false,
    servingPlmn: take('serving_plmn', digits(row.serving_plmn, 5, 6)),
    cellId: take('cell_id', label(row.cell_id, 64)),
    zone: take('zone', label(row.zone, 32)),
  };
  return reasons.length > 0 ? { reasons } : { record };
}

function measureProblems(row: UsageCsvRow, recordType: string): string[] {
  const rule = MEASURES[recordType] ?? {};
  return MEASURE_COLUMNS.flatMap((column) => {
    const given = row[column] !== '';
    if (!given && rule[column] === 'required') return [`${column}: required for ${recordType}`];
    if (given && !rule[column]) return [`${column}: must be empty for ${recordType}`];
    return [];
  });
}
