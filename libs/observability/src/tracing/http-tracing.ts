import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  context,
  defaultTextMapGetter,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  type Context,
} from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { routeOf } from '../metrics/http-metrics';
import { handoffTracer } from './tracing';

const w3c = new W3CTraceContextPropagator();
const requestContexts = new WeakMap<IncomingMessage, Context>();

/**
 * The context of a request's server span, started on first ask: by the tracing middleware, or
 * before it by the request logger (nestjs-pino's middleware runs first and binds the trace id).
 * The span continues the caller's `traceparent` and is named by the route template once routing
 * has chosen it. No URL, query or body goes on it: they hold ids.
 */
export function requestContext(req: IncomingMessage, res: ServerResponse): Context {
  const known = requestContexts.get(req);
  if (known) return known;
  const method = req.method ?? 'HTTP';
  const parent = w3c.extract(ROOT_CONTEXT, req.headers, defaultTextMapGetter);
  const span = handoffTracer().startSpan(
    method,
    { kind: SpanKind.SERVER, attributes: { 'http.request.method': method } },
    parent,
  );
  res.once('close', () => {
    const route = routeOf(req);
    span.updateName(`${method} ${route}`);
    span.setAttributes({ 'http.route': route, 'http.response.status_code': res.statusCode });
    if (res.statusCode >= 500 || !res.writableFinished) {
      span.setStatus({ code: SpanStatusCode.ERROR });
    }
    span.end();
  });
  const started = trace.setSpan(parent, span);
  requestContexts.set(req, started);
  return started;
}

/**
 * Express-style middleware: the request's server span is active for the handler, so the events
 * it publishes and the calls it makes belong to the caller's trace.
 */
export function httpTracingMiddleware(
  req: IncomingMessage,
  res: ServerResponse,
  next: () => void,
): void {
  context.with(requestContext(req, res), next);
}
