import {
  cardDataFields,
  cardDataInKeyAndHeaders,
  redactCardData,
  redactKeyAndHeaders,
} from '@handoff/card-data';
import { PermanentError } from '@handoff/resilience';
import type { EventCodec } from '../envelope/event-codec';
import type { EventEnvelope } from '../envelope/event-envelope';
import { keyAndHeaderFormatsOf, ownFieldFormatsOf } from '../envelope/header-formats';
import { CeHeaders } from '../envelope/headers';
import type { IncomingRecord } from '../port/messaging.port';

/** The dead letter's error code for an event refused because it holds a card number. */
export const CARD_DATA_REFUSED = 'CARD_DATA_REFUSED';

export type DecodedRecord =
  { record: IncomingRecord; envelope: EventEnvelope } | { record: IncomingRecord; error: unknown };

/**
 * Decodes a record, and refuses one holding a card number (in its key, a header or its event)
 * before anything handles, parks or stores it: its `record` is then a copy with the number
 * redacted, so that is all the dead letter carries (the original bytes go no further). A record
 * whose key or headers hold one is decoded from the redacted copy, so not even an error message
 * quotes the number.
 */
export function decodeRecord(codec: EventCodec, record: IncomingRecord): DecodedRecord {
  const formats = keyAndHeaderFormatsOf(record.headers[CeHeaders.type]);
  const inKeyAndHeaders = cardDataInKeyAndHeaders(record, formats);
  const checked = inKeyAndHeaders.length === 0 ? record : redactKeyAndHeaders(record, formats);
  let envelope: EventEnvelope;
  try {
    envelope = codec.fromRecord(checked);
  } catch (error) {
    if (inKeyAndHeaders.length === 0) return { record, error };
    return { record: checked, error: refusal(recordName(checked), inKeyAndHeaders, error) };
  }
  const inData = cardDataFields(envelope.data, ownFieldFormatsOf(envelope.type));
  if (inKeyAndHeaders.length === 0 && inData.length === 0) return { record, envelope };
  const value = inData.length === 0 ? checked.value : redactedValue(codec, envelope);
  const name = `${envelope.type} ${envelope.id}`;
  return { record: { ...checked, value }, error: refusal(name, [...inKeyAndHeaders, ...inData]) };
}

function refusal(name: string, places: string[], decodeError?: unknown): PermanentError {
  const notDecoded =
    decodeError instanceof Error
      ? `; its value did not decode either (${decodeError.message})`
      : '';
  return new PermanentError(
    CARD_DATA_REFUSED,
    `${name} holds a card number in ${places.join(', ')}: card data is refused (payment methods ` +
      `are processor tokens); the number is redacted in this dead letter${notDecoded}`,
    { stage: 'validate', cause: decodeError },
  );
}

function recordName(record: IncomingRecord): string {
  return `the record ${record.topic}/${record.partition}/${record.offset}`;
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
