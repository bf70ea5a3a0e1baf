import {
  context,
  SpanKind,
  SpanStatusCode,
  trace,
  type Context,
  type Span,
  type Tracer,
} from '@opentelemetry/api';
import { failureReason } from '../consumer/consumer-metrics';
import type { EventEnvelope } from '../envelope/event-envelope';
import type { IncomingRecord } from '../port/messaging.port';
import { contextOf, messagingAttributes } from './record-tracing';

/**
 * Marks a span failed by the error's dotted code or class: an error message may quote personal
 * data, and this lib has no masking of its own.
 */
export function failSpan(span: Span, error: unknown): void {
  span.setStatus({ code: SpanStatusCode.ERROR, message: failureReason(error) });
}

/**
 * The consumer span of one handling of a record (the handler and the settlement of its outcome),
 * child of the record's producer span as its `traceparent` names it, active while `work` runs.
 */
export async function inConsumerSpan<T>(
  tracer: Tracer,
  groupId: string,
  record: IncomingRecord,
  envelope: EventEnvelope,
  work: (span: Span) => Promise<T>,
): Promise<T> {
  const parent = contextOf(envelope.traceparent);
  const span = tracer.startSpan(
    `process ${record.topic}`,
    {
      kind: SpanKind.CONSUMER,
      attributes: {
        ...messagingAttributes(record.topic, envelope),
        'messaging.operation.type': 'process',
        'messaging.consumer.group.name': groupId,
        'messaging.destination.partition.id': String(record.partition),
        'messaging.kafka.offset': Number(record.offset),
      },
    },
    parent,
  );
  return runIn(span, parent, () => work(span));
}

/** Runs `work` with `span` active under `parent`, failed when it throws, ended when it settles. */
async function runIn<T>(span: Span, parent: Context, work: () => Promise<T>): Promise<T> {
  try {
    return await context.with(trace.setSpan(parent, span), work);
  } catch (error) {
    failSpan(span, error);
    throw error;
  } finally {
    span.end();
  }
}

/** The handler's own span, under the consumer span, named by the event type it handles. */
export function inHandlerSpan<T>(
  tracer: Tracer,
  envelope: EventEnvelope,
  attempt: number,
  work: () => Promise<T>,
): Promise<T> {
  const attributes = { 'handoff.attempt': attempt };
  const span = tracer.startSpan(`handle ${envelope.type}`, { attributes });
  return runIn(span, context.active(), work);
}
