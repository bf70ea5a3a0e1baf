import { randomUUID } from 'node:crypto';

/** One event as services see it: CloudEvents attributes plus our correlation and ownership. */
export interface EventEnvelope<T = unknown> {
  id: string;
  type: string;
  source: string;
  /** ISO-8601 */
  time: string;
  /** The subscriber the event is about (its subscriber id), which also orders it: the Kafka key. */
  subject: string;
  correlationId: string;
  causationId: string;
  /** W3C trace context. */
  traceparent: string;
  integrationPoint: string;
  ownerTeam: string;
  data: T;
}

/** What a producer states; ids, time, tracing and ownership are filled in by the messaging layer. */
export interface NewEvent<T = unknown> {
  type: string;
  subject: string;
  data: T;
  /** Defaults to the topic the catalog routes this event type to. */
  topic?: string;
  id?: string;
  /** The integration point this event is about, when neither the topic nor the service says it. */
  integrationPoint?: string;
}

export interface EventOrigin {
  source: string;
  correlationId?: string;
  causationId?: string;
  /** The W3C trace context of the record's producer span. */
  traceparent: string;
}

export interface Ownership {
  integrationPoint: string;
  ownerTeam: string;
}

export function buildEnvelope<T>(
  event: NewEvent<T>,
  origin: EventOrigin,
  ownership: Ownership,
): EventEnvelope<T> {
  const id = event.id ?? randomUUID();
  return {
    id,
    type: event.type,
    source: origin.source,
    time: new Date().toISOString(),
    subject: event.subject,
    // The first event of a chain starts its correlation; it is then its own cause.
    correlationId: origin.correlationId ?? id,
    causationId: origin.causationId ?? id,
    traceparent: origin.traceparent,
    integrationPoint: ownership.integrationPoint,
    ownerTeam: ownership.ownerTeam,
    data: event.data,
  };
}
