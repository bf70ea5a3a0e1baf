import { PermanentError } from '@handoff/resilience';
import type { AvroSerde } from '../serde/avro-serde';
import type { Headers, IncomingRecord, OutgoingRecord } from '../port/messaging.port';
import { AVRO_CONTENT_TYPE, CE_SPEC_VERSION, CeHeaders } from './headers';
import type { EventEnvelope } from './event-envelope';
import { incomingEnvelope, requireSpecAttributes, type TopicOwnership } from './incoming-envelope';

/**
 * Maps an envelope to a Kafka record (CloudEvents binary mode) and back. Reading needs only the
 * spec's required attributes; the rest default (see `incomingEnvelope`), the integration point
 * and owner from `ownershipOf` the record's topic.
 */
export class EventCodec {
  constructor(
    private readonly serde: AvroSerde,
    private readonly ownershipOf?: TopicOwnership,
  ) {}

  toRecord(envelope: EventEnvelope, topic: string): OutgoingRecord {
    return {
      topic,
      key: envelope.subject,
      value: this.serde.encode(envelope.type, envelope.data),
      headers: envelopeHeaders(envelope),
    };
  }

  /** An event's data as a record value, in the latest schema of its type (e.g. a redacted copy). */
  encodeData(type: string, data: unknown): Buffer {
    return this.serde.encode(type, data);
  }

  /**
   * Resolves the writer schemas these records need from the schema registry, so that `fromRecord`
   * can decode them synchronously. Await it once per fetched batch, before decoding. Throws
   * `SchemaRegistryUnavailableError` (retryable) when the registry does not answer: the batch must
   * then be fetched again later, not dead-lettered. A no-op with the local registry.
   */
  async prepare(records: readonly IncomingRecord[]): Promise<void> {
    await this.serde.prepare(records.map((r) => r.value));
  }

  fromRecord(record: IncomingRecord): EventEnvelope {
    const h = record.headers;
    requireSpecAttributes(h);
    const decoded = this.serde.decode(record.value);
    if (decoded.fullName !== h[CeHeaders.type]) {
      throw new PermanentError(
        'MESSAGING.TYPE_MISMATCH',
        `ce_type "${h[CeHeaders.type]}" does not match the schema of the value ("${decoded.fullName}")`,
        { stage: 'validate' },
      );
    }
    return incomingEnvelope(record, decoded, this.ownershipOf);
  }
}

export function envelopeHeaders(e: EventEnvelope): Headers {
  return {
    [CeHeaders.specVersion]: CE_SPEC_VERSION,
    [CeHeaders.id]: e.id,
    [CeHeaders.source]: e.source,
    [CeHeaders.type]: e.type,
    [CeHeaders.time]: e.time,
    [CeHeaders.subject]: e.subject,
    [CeHeaders.contentType]: AVRO_CONTENT_TYPE,
    [CeHeaders.correlationId]: e.correlationId,
    [CeHeaders.causationId]: e.causationId,
    [CeHeaders.traceparent]: e.traceparent,
    [CeHeaders.integrationPoint]: e.integrationPoint,
    [CeHeaders.ownerTeam]: e.ownerTeam,
  };
}
