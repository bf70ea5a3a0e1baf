import { z } from 'zod';
import { loadConfig } from './load-config';

const url = z
  .string()
  .regex(/^https?:\/\/[^/]/, 'must be an http(s) URL')
  .url('must be an http(s) URL')
  .optional();

const tracingSchema = z.object({
  /** The OpenTelemetry collector's OTLP/HTTP base URL; traces go to `<it>/v1/traces`. */
  OTEL_EXPORTER_OTLP_ENDPOINT: url,
  /** The full URL of the traces endpoint, when it is not the base URL's `/v1/traces`. */
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: url,
});

export interface TracingConfig {
  /** Where spans are exported (OTLP over HTTP); undefined: no exporter, tracing is off. */
  otlpTracesUrl?: string;
}

/**
 * Tracing exports only when an OTLP endpoint is set, as the OpenTelemetry variables name it; the
 * exporter also reads their `OTEL_EXPORTER_OTLP_HEADERS`, `_TIMEOUT` and `_COMPRESSION`.
 */
export function loadTracingConfig(
  env: Record<string, string | undefined> = process.env,
): TracingConfig {
  // An empty variable is an unset one (a compose file's `OTEL_EXPORTER_OTLP_ENDPOINT=`).
  const given = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ''));
  const c = loadConfig(tracingSchema, given);
  const base = c.OTEL_EXPORTER_OTLP_ENDPOINT?.replace(/\/+$/, '');
  return { otlpTracesUrl: c.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ?? (base && `${base}/v1/traces`) };
}
