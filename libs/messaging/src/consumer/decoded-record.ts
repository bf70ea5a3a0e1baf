import { cardDataFields, redactCardData } from '@handoff/card-data';
import { PermanentError } from '@handoff/resilience';
import type { EventCodec } from '../envelope/event-codec';
import type { EventEnvelope } from '../envelope/event-envelope';
import type { IncomingRecord } from '../port/messaging.port';

/** The dead letter's error code for an event refused because it holds a card number. */
export const CARD_DATA_REFUSED = 'CARD_DATA_REFUSED';

export type DecodedRecord =
  { record: IncomingRecord; envelope: EventEnvelope } | { record: IncomingRecord; error: unknown };

/**
 * Decodes a record, and refuses one whose event holds a card number before anything handles,
 * parks or stores it: its `record` is then a copy whose value has the number redacted, so that
 * is all the dead letter carries (the original bytes go no further).
 */
export function decodeRecord(codec: EventCodec, record: IncomingRecord): DecodedRecord {
  let envelope: EventEnvelope;
  try {
    envelope = codec.fromRecord(record);
  } catch (error) {
    return { record, error };
  }
  const fields = cardDataFields(envelope.data);
  return fields.length === 0 ? { record, envelope } : refused(codec, record, envelope, fields);
}

function refused(
  codec: EventCodec,
  record: IncomingRecord,
  envelope: EventEnvelope,
  fields: string[],
): DecodedRecord {
  const value = redactedValue(codec, envelope);
  const error = new PermanentError(
    CARD_DATA_REFUSED,
    `${envelope.type} ${envelope.id} holds a card number in ${fields.join(', ')}: card data is ` +
      'refused (payment methods are processor tokens); the number is redacted in this dead letter',
    { stage: 'validate' },
  );
  return { record: { ...record, value }, error };
}

/** The event re-encoded with the numbers redacted; no value at all if that cannot be encoded. */
function redactedValue(codec: EventCodec, envelope: EventEnvelope): Buffer {
  try {
    return codec.encodeData(envelope.type, redactCardData(envelope.data));
  } catch {
    return Buffer.alloc(0);
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
