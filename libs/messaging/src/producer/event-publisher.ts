import type { Tracer } from '@opentelemetry/api';
import type { KafkaConnection } from '@handoff/config';
import { EventCodec } from '../envelope/event-codec';
import type { RunnerLog } from '../consumer/runner-log';
import type { NewEvent } from '../envelope/event-envelope';
import { createKafkajsClient } from '../kafkajs/kafkajs-client';
import type { MessageProducer, MessagingClient } from '../port/messaging.port';
import { AvroSerde, type SchemaSource } from '../serde/avro-serde';
import { EventStamper, type OwnershipLookup } from './event-stamper';

export interface EventPublisherOptions {
  /** CloudEvents `ce_source` of everything this service emits, e.g. `handoff/usage`. */
  service: string;
  kafka: KafkaConnection;
  schemas: SchemaSource;
  ownership: OwnershipLookup;
  /** Records a producer span per event (`handoffTracer()` of `@handoff/observability`). */
  tracer: Tracer;
  /** The integration point these events cross; by default, the first that produces their topic. */
  producesAt?: string;
  /** Another Kafka adapter; kafkajs by default. */
  client?: MessagingClient;
  /** Where kafkajs's errors go (the service's logger); its console logger when none is given. */
  log?: RunnerLog;
}

/**
 * Stamps and publishes events straight to Kafka: Avro by the contract, CloudEvents headers, the
 * owner of the topic. It needs no database, so a tool with no state of its own (a file import)
 * publishes exactly as a service does; services get it inside their `Backbone`.
 */
export class EventPublisher {
  readonly client: MessagingClient;
  readonly producer: MessageProducer;
  readonly codec: EventCodec;
  readonly stamper: EventStamper;

  constructor(options: EventPublisherOptions) {
    this.client =
      options.client ??
      createKafkajsClient({ kafka: options.kafka, clientId: options.service, log: options.log });
    this.producer = this.client.producer();
    // An outside producer's record names no integration point: it is where its topic is consumed.
    this.codec = new EventCodec(new AvroSerde(options.schemas), (topic) =>
      options.ownership.ownerOf(topic, 'consume'),
    );
    this.stamper = new EventStamper(
      options.service,
      this.codec,
      options.ownership,
      options.tracer,
      options.producesAt,
    );
  }

  /** Resolves once every event is acknowledged by all in-sync replicas. */
  async publish(events: readonly NewEvent[]): Promise<void> {
    await this.producer.send(events.map((e) => this.stamper.stamp(e)));
  }

  async close(): Promise<void> {
    await this.producer.close();
    await this.client.close();
  }
}
