import { Kafka, logLevel, type Consumer } from 'kafkajs';
import { loadLocalRegistry } from '@handoff/contracts';
import { AvroSerde, EventCodec, type EventEnvelope, type IncomingRecord } from '@handoff/messaging';
import { infra, uniqueName } from '../../support/test-infra';

const codec = new EventCodec(new AvroSerde(loadLocalRegistry()));

/**
 * Reads a topic from its current end: the shared devstack topic keeps every earlier run's
 * records, and these tests only care about what they publish themselves.
 */
export class TopicFromNow {
  readonly records: IncomingRecord[] = [];
  private constructor(private readonly consumer: Consumer) {}

  static async open(topic: string): Promise<TopicFromNow> {
    const kafka = new Kafka({
      clientId: 'gateway-e2e',
      brokers: infra.kafkaBrokers,
      logLevel: logLevel.NOTHING,
    });
    const admin = kafka.admin();
    await admin.connect();
    const ends = await admin.fetchTopicOffsets(topic).finally(() => admin.disconnect());
    const consumer = kafka.consumer({ groupId: uniqueName('gateway-tap'), maxWaitTimeInMs: 100 });
    const tap = new TopicFromNow(consumer);
    await consumer.connect();
    await consumer.subscribe({ topic });
    await consumer.run({
      eachMessage: async ({ partition, message }) => tap.keep(topic, partition, message),
    });
    // kafkajs applies a seek once the partition is assigned, whenever that happens.
    for (const end of ends) consumer.seek({ topic, partition: end.partition, offset: end.offset });
    return tap;
  }

  /** The decoded events whose CloudEvents id is `eventId`. */
  eventsWithId(eventId: string): { record: IncomingRecord; envelope: EventEnvelope }[] {
    return this.records
      .filter((r) => r.headers.ce_id === eventId)
      .map((record) => ({ record, envelope: codec.fromRecord(record) }));
  }

  close(): Promise<void> {
    return this.consumer.disconnect();
  }

  private keep(
    topic: string,
    partition: number,
    message: {
      offset: string;
      key: Buffer | null;
      value: Buffer | null;
      timestamp: string;
      headers?: Record<string, unknown>;
    },
  ): void {
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(message.headers ?? {}))
      headers[name] = String(value);
    this.records.push({
      topic,
      partition,
      offset: message.offset,
      key: message.key?.toString() ?? null,
      value: message.value,
      headers,
      timestamp: message.timestamp,
    });
  }
}
