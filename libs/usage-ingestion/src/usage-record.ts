import type { UsageRecordDelivered } from '@handoff/contracts';
import type { EventEnvelope } from '@handoff/messaging';
import { PermanentError } from '@handoff/resilience';

export type UsageType = 'voice' | 'sms' | 'data';

/** What a record adds to its day's totals; only its type's measures are non-zero. */
export interface UsageMeasures {
  durationSeconds: number;
  messageCount: number;
  bytesUp: number;
  bytesDown: number;
}

/** A feed record that passed validation, in the terms the usage tables keep. */
export interface ValidUsage extends UsageMeasures {
  recordId: string;
  eventId: string;
  imsi: string | null;
  msisdn: string | null;
  usageType: UsageType;
  startedAt: Date;
  fileSha256: string | null;
  lineNumber: number | null;
}

/** A record that can never be billed as it is: dead-lettered with the reasons (no personal data). */
export class InvalidUsageRecord extends PermanentError {
  constructor(recordId: string, reasons: readonly string[]) {
    super('USAGE.RECORD_INVALID', `usage record ${recordId}: ${reasons.join('; ')}`, {
      stage: 'validate',
      integrationPoint: 'mno-usage-feed-to-handoff',
    });
  }
}

const RECORD_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/;
const IMSI = /^\d{14,15}$/;
const MSISDN = /^\d{8,15}$/;
/** A start this far in the future is a broken clock, not usage (the MNO's clock drifts seconds). */
const FUTURE_TOLERANCE_MS = 60 * 60 * 1000;
const REQUIRED: Record<UsageType, readonly (keyof UsageRecordDelivered)[]> = {
  voice: ['durationSeconds'],
  sms: ['messageCount'],
  data: ['bytesUp', 'bytesDown'],
};
const MEASURES = ['durationSeconds', 'messageCount', 'bytesUp', 'bytesDown'] as const;

/**
 * Checks a feed record as the CSV import would (docs/usage.md), for records the MNO published
 * itself or anyone sent with kcat: a schema-valid record can still be unbillable.
 */
export function validUsage(envelope: EventEnvelope, now: Date): ValidUsage {
  const data = envelope.data as UsageRecordDelivered;
  const reasons: string[] = [];
  if (!RECORD_ID.test(data.recordId))
    reasons.push('recordId: not 1 to 64 letters, digits, . - _ :');
  if (data.imsi === null && data.msisdn === null) reasons.push('imsi, msisdn: neither given');
  if (data.imsi !== null && !IMSI.test(data.imsi)) reasons.push('imsi: not 14 or 15 digits');
  if (data.msisdn !== null && !MSISDN.test(data.msisdn)) reasons.push('msisdn: not 8 to 15 digits');
  const type = data.recordType;
  if (type === 'unknown') reasons.push('recordType: not voice, sms or data');
  else {
    for (const field of REQUIRED[type]) {
      if (data[field] === null) reasons.push(`${field}: required for ${type}`);
    }
  }
  for (const field of MEASURES) {
    const value = data[field];
    if (value !== null && !(Number.isSafeInteger(value) && value >= 0)) {
      reasons.push(`${field}: not a whole number of 0 or more`);
    }
  }
  if (data.messageCount === 0) reasons.push('messageCount: at least 1');
  if (data.startedAt > now.getTime() + FUTURE_TOLERANCE_MS)
    reasons.push('startedAt: in the future');
  if (reasons.length > 0) throw new InvalidUsageRecord(data.recordId.slice(0, 64), reasons);
  const usageType = type as UsageType;
  return {
    recordId: data.recordId,
    eventId: envelope.id,
    imsi: data.imsi,
    msisdn: data.msisdn,
    usageType,
    startedAt: new Date(data.startedAt),
    durationSeconds: usageType === 'sms' ? 0 : (data.durationSeconds ?? 0),
    messageCount: usageType === 'sms' ? (data.messageCount ?? 0) : 0,
    bytesUp: usageType === 'data' ? (data.bytesUp ?? 0) : 0,
    bytesDown: usageType === 'data' ? (data.bytesDown ?? 0) : 0,
    fileSha256: data.source?.fileSha256 ?? null,
    lineNumber: data.source?.lineNumber ?? null,
  };
}

/** The UTC day a moment falls on, `YYYY-MM-DD`. */
export function utcDay(at: Date): string {
  return at.toISOString().slice(0, 10);
}
