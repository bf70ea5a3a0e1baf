import { PermanentError } from '@handoff/resilience';
import type { AvroSerde } from '../serde/avro-serde';
import type { Headers, IncomingRecord, OutgoingRecord } from '../port/messaging.port';
import { AVRO_CONTENT_TYPE, CE_SPEC_VERSION, CeHeaders } from './headers';
import type { EventEnvelope } from './event-envelope';

const REQUIRED_HEADERS = [
  CeHeaders.id,
  CeHeaders.type,
  CeHeaders.source,
  CeHeaders.time,
  CeHeaders.subject,
  CeHeaders.correlationId,
  CeHeaders.causationId,
] as const;

/** Maps an envelope to a Kafka record (CloudEvents binary mode) and back. */
export class EventCodec {
  constructor(private readonly serde: AvroSerde) {}

  toRecord(envelope: EventEnvelope, topic: string): OutgoingRecord {
    return {
      topic,
      key: envelope.subject,
      value: this.serde.encode(envelope.type, envelope.data),
      headers: envelopeHeaders(envelope),
    };
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
    const missing = REQUIRED_HEADERS.filter((name) => !h[name]);
    if (missing.length > 0) {
      throw new PermanentError(
        'MESSAGING.MISSING_HEADERS',
        `missing CloudEvents headers: ${missing.join(', ')}`,
        {
          stage: 'deserialize',
        },
      );
    }
    const decoded = this.serde.decode(record.value);
    if (decoded.fullName !== h[CeHeaders.type]) {
      throw new PermanentError(
        'MESSAGING.TYPE_MISMATCH',
        `ce_type "${h[CeHeaders.type]}" does not match the schema of the value ("${decoded.fullName}")`,
        { stage: 'validate' },
      );
    }
    return {
      id: h[CeHeaders.id],
      type: decoded.fullName,
      source: h[CeHeaders.source],
      time: h[CeHeaders.time],
      subject: h[CeHeaders.subject],
      correlationId: h[CeHeaders.correlationId],
      causationId: h[CeHeaders.causationId],
      traceparent: h[CeHeaders.traceparent] ?? '',
      integrationPoint: h[CeHeaders.integrationPoint] ?? '',
      ownerTeam: h[CeHeaders.ownerTeam] ?? '',
      data: decoded.data,
    };
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
