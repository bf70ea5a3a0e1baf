import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  context,
  defaultTextMapGetter,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
} from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { routeOf } from '../metrics/http-metrics';
import { handoffTracer } from './tracing';

const w3c = new W3CTraceContextPropagator();

/** The trace a request's `traceparent` header continues; none (a new trace) when missing or invalid. */
export function requestTraceContext(req: IncomingMessage) {
  return w3c.extract(ROOT_CONTEXT, req.headers, defaultTextMapGetter);
}

/**
 * Express-style middleware: a server span per request, continuing the caller's `traceparent`,
 * active for the handler (so the events it publishes belong to the caller's trace), named by the
 * route template once routing has chosen it. No URL, query or body goes on the span: they hold ids.
 */
export function httpTracingMiddleware(
  req: IncomingMessage,
  res: ServerResponse,
  next: () => void,
): void {
  const method = req.method ?? 'HTTP';
  const parent = requestTraceContext(req);
  const span = handoffTracer().startSpan(
    method,
    { kind: SpanKind.SERVER, attributes: { 'http.request.method': method } },
    parent,
  );
  res.once('close', () => {
    const route = routeOf(req);
    span.updateName(`${method} ${route}`);
    span.setAttributes({ 'http.route': route, 'http.response.status_code': res.statusCode });
    if (res.statusCode >= 500 || !res.writableFinished) span.setStatus({ code: SpanStatusCode.ERROR });
    span.end();
  });
  context.with(trace.setSpan(parent, span), next);
}
