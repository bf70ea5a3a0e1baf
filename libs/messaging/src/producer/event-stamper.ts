import type { EventCodec } from '../envelope/event-codec';
import {
  buildEnvelope,
  type EventEnvelope,
  type NewEvent,
  type Ownership,
} from '../envelope/event-envelope';
import type { Tracer } from '@opentelemetry/api';
import type { OutgoingRecord } from '../port/messaging.port';
import { topicForEventType } from '../topics/topic-catalog';
import {
  messagingAttributes,
  producerParent,
  startProducerSpan,
  traceparentOf,
} from '../tracing/record-tracing';

export type Direction = 'consume' | 'produce';

/** Who owns the integration point a topic crosses; the ownership matrix answers it. */
export interface OwnershipLookup {
  ownerOf(topic: string, direction: Direction): Ownership | undefined;
  ownerOfPoint(integrationPointId: string): Ownership | undefined;
}

/**
 * Turns what a service states ("this happened to that subscriber") into a complete record:
 * ids, time, correlation and causation from the event that caused it, a producer span (whose
 * `traceparent` the record carries), and the integration point and owner of the topic it goes to.
 */
export class EventStamper {
  constructor(
    private readonly source: string,
    private readonly codec: EventCodec,
    private readonly ownership: OwnershipLookup,
    private readonly tracer: Tracer,
    /**
     * The integration point this service's events cross, when the topic alone does not say it
     * (the gateway and the orchestrator both produce to the lifecycle topic, for different parties).
     */
    private readonly producesAt?: string,
  ) {}

  stamp(event: NewEvent, cause?: EventEnvelope): OutgoingRecord {
    const topic = event.topic ?? topicForEventType(event.type);
    // An event that names an unknown point still goes out, owned as its topic says.
    const named = event.integrationPoint && this.ownership.ownerOfPoint(event.integrationPoint);
    const owner =
      named ||
      (this.producesAt
        ? this.ownership.ownerOfPoint(this.producesAt)
        : this.ownership.ownerOf(topic, 'produce'));
    if (!owner) {
      throw new Error(
        `service "${this.source}" produces to topic "${topic}" which no integration point owns`,
      );
    }
    const span = startProducerSpan(this.tracer, topic, producerParent(cause?.traceparent));
    const envelope = buildEnvelope(
      event,
      {
        source: this.source,
        correlationId: cause?.correlationId,
        causationId: cause?.id,
        traceparent: traceparentOf(span),
      },
      owner,
    );
    span.setAttributes(messagingAttributes(topic, envelope));
    span.end();
    return this.codec.toRecord(envelope, topic);
  }
}
