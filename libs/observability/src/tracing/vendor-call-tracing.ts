import {
  context,
  defaultTextMapSetter,
  SpanKind,
  SpanStatusCode,
  trace,
  type Span,
} from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import type { AxiosInstance, AxiosResponse, InternalAxiosRequestConfig } from 'axios';
import { recordFailure } from './in-span';
import { handoffTracer } from './tracing';

const w3c = new W3CTraceContextPropagator();

/**
 * A client span around every request of a vendor adapter's axios client (each retry its own),
 * child of whatever is active when the call is made (a saga step, a handler), with the span's
 * `traceparent` sent to the vendor. Named by method only: a vendor URL holds ICCIDs and order ids.
 */
export function traceVendorCalls(http: AxiosInstance, vendor: string): void {
  const spans = new WeakMap<InternalAxiosRequestConfig, Span>();
  http.interceptors.request.use((config) => {
    const method = (config.method ?? 'get').toUpperCase();
    const span = handoffTracer().startSpan(method, {
      kind: SpanKind.CLIENT,
      attributes: { 'http.request.method': method, 'handoff.vendor': vendor, ...serverOf(config) },
    });
    const carrier: Record<string, string> = {};
    w3c.inject(trace.setSpan(context.active(), span), carrier, defaultTextMapSetter);
    for (const [name, value] of Object.entries(carrier)) config.headers.set(name, value);
    spans.set(config, span);
    return config;
  });
  http.interceptors.response.use(
    (response: AxiosResponse) => {
      const span = spans.get(response.config);
      span?.setAttribute('http.response.status_code', response.status);
      if (response.status >= 500) span?.setStatus({ code: SpanStatusCode.ERROR });
      span?.end();
      return response;
    },
    (error: unknown) => {
      const config = (error as { config?: InternalAxiosRequestConfig } | undefined)?.config;
      const span = config && spans.get(config);
      if (span) {
        recordFailure(span, error);
        span.end();
      }
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    },
  );
}

function serverOf(config: InternalAxiosRequestConfig): Record<string, string | number> {
  try {
    const url = new URL(config.url ?? '', config.baseURL);
    const port = Number(url.port) || (url.protocol === 'https:' ? 443 : 80);
    return { 'server.address': url.hostname, 'server.port': port };
  } catch {
    return {};
  }
}
