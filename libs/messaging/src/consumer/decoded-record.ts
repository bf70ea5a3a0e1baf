import type { EventCodec } from '../envelope/event-codec';
import type { EventEnvelope } from '../envelope/event-envelope';
import type { IncomingRecord } from '../port/messaging.port';

export type DecodedRecord =
  { record: IncomingRecord; envelope: EventEnvelope } | { record: IncomingRecord; error: unknown };

export function decodeRecord(codec: EventCodec, record: IncomingRecord): DecodedRecord {
  try {
    return { record, envelope: codec.fromRecord(record) };
  } catch (error) {
    return { record, error };
  }
}

/**
 * What orders records: the subject (the subscriber) when the record decodes, else its Kafka key,
 * else nothing at all (its own position).
 */
export function orderingKey(decoded: DecodedRecord): string {
  if ('envelope' in decoded) return `s:${decoded.envelope.subject}`;
  const { record } = decoded;
  return record.key !== null
    ? `k:${record.key}`
    : `p:${record.topic}/${record.partition}/${record.offset}`;
}
