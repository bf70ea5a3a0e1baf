import {
  context,
  defaultTextMapGetter,
  defaultTextMapSetter,
  ROOT_CONTEXT,
  SpanKind,
  trace,
  type Context,
  type Span,
  type Tracer,
} from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import type { EventEnvelope } from '../envelope/event-envelope';
import { CeHeaders } from '../envelope/headers';

/**
 * A record's `traceparent` header is W3C trace context whatever propagator a process registers:
 * it is a contract with producers that are not Handoff (a BSS, kcat).
 */
const w3c = new W3CTraceContextPropagator();

/** The trace a `traceparent` continues; the root context (a new trace) when missing or invalid. */
export function contextOf(traceparent: string | undefined): Context {
  if (!traceparent) return ROOT_CONTEXT;
  return w3c.extract(ROOT_CONTEXT, { [CeHeaders.traceparent]: traceparent }, defaultTextMapGetter);
}

/** The `traceparent` header naming `span` as the parent of what a consumer of the record does. */
export function traceparentOf(span: Span): string {
  const carrier: Record<string, string> = {};
  w3c.inject(trace.setSpan(ROOT_CONTEXT, span), carrier, defaultTextMapSetter);
  return carrier[CeHeaders.traceparent] ?? '';
}

/**
 * Where an event's producer span hangs. The work in progress (a handler, a saga step, an HTTP
 * request) when it belongs to the trace of the event's cause, or when there is no cause; the
 * cause's own trace when the work is another trace's (an operator's replay of an old event keeps
 * the event's trace); a new trace when there is neither.
 */
export function producerParent(causeTraceparent: string | undefined): Context {
  const active = context.active();
  const cause = trace.getSpanContext(contextOf(causeTraceparent));
  if (!cause) return active;
  return trace.getSpanContext(active)?.traceId === cause.traceId
    ? active
    : contextOf(causeTraceparent);
}

export function messagingAttributes(
  topic: string,
  envelope: Pick<EventEnvelope, 'id' | 'type' | 'correlationId'>,
) {
  return {
    'messaging.system': 'kafka',
    'messaging.destination.name': topic,
    'messaging.message.id': envelope.id,
    'messaging.message.conversation_id': envelope.correlationId,
    'cloudevents.event_type': envelope.type,
  };
}

/** Starts the producer span of a record to `topic`; the caller names it in the record and ends it. */
export function startProducerSpan(tracer: Tracer, topic: string, parent: Context): Span {
  return tracer.startSpan(
    `create ${topic}`,
    { kind: SpanKind.PRODUCER, attributes: { 'messaging.operation.type': 'create' } },
    parent,
  );
}
