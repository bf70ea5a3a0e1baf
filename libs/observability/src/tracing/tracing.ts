import { context, diag, propagation, trace, type Tracer } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  AlwaysOnSampler,
  BatchSpanProcessor,
  ParentBasedSampler,
  SimpleSpanProcessor,
  TracerProvider,
  type SpanExporter,
} from '@opentelemetry/sdk-trace';
import { logExportErrors } from './export-errors';
import { SpanProcessors } from './span-processors';

export interface TracingOptions {
  /** `service.name` of every span this process records, e.g. `handoff-gateway`. */
  service: string;
  /** Where spans go, OTLP over HTTP (`…/v1/traces`). None by default: tracing is off. */
  otlpTracesUrl?: string;
  /** Further exporters, each fed span by span (tests read spans from an in-memory one). */
  exporters?: readonly SpanExporter[];
}

interface ProcessTracing {
  provider: TracerProvider;
  processors: SpanProcessors;
  tracer: Tracer;
  configured: boolean;
}

const FLUSH_TIMEOUT_MS = 5_000;

let current: ProcessTracing | undefined;

/**
 * One tracer provider per process, registered with the OpenTelemetry API with W3C propagation and
 * an AsyncLocalStorage context. A root span is sampled; a child follows its parent's flag. With no
 * exporter it still mints trace and span ids (the `traceparent` every event carries) but keeps no
 * span once ended.
 */
function install(service: string): ProcessTracing {
  const processors = new SpanProcessors();
  const provider = new TracerProvider({
    resource: resourceFromAttributes({ 'service.name': service }),
    sampler: new ParentBasedSampler({ root: new AlwaysOnSampler() }),
    spanProcessors: [processors],
  });
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  trace.setGlobalTracerProvider(provider);
  return { provider, processors, tracer: provider.getTracer('@handoff'), configured: false };
}

/**
 * Call first thing in a service's main. The first call configures the process: two services
 * started in one process (tests) share the first one's exporters and service name. A process that
 * never calls it traces with no exporter, so `traceparent` still flows.
 */
export function startTracing(options: TracingOptions): void {
  current ??= install(options.service);
  if (current.configured) return;
  current.configured = true;
  if (options.otlpTracesUrl) {
    logExportErrors(options.service);
    const exporter = new OTLPTraceExporter({ url: options.otlpTracesUrl });
    current.processors.add(new BatchSpanProcessor({ exporter }));
  }
  for (const exporter of options.exporters ?? []) {
    current.processors.add(new SimpleSpanProcessor({ exporter }));
  }
}

/** The tracer every Handoff seam records with; tracing with no exporter if none was started. */
export function handoffTracer(): Tracer {
  current ??= install('handoff');
  return current.tracer;
}

/**
 * Exports what is buffered (before a process exits), for at most five seconds. A failed export
 * is logged (`logExportErrors`) and never fails the shutdown that asked for it.
 */
export async function flushTracing(): Promise<void> {
  await current?.provider
    .forceFlush({ timeoutMillis: FLUSH_TIMEOUT_MS })
    .catch((error: unknown) => {
      diag.error('flushing spans at shutdown failed', error);
    });
}
