import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  type DynamicModule,
  type MiddlewareConsumer,
  Module,
  type NestModule,
} from '@nestjs/common';
import { trace } from '@opentelemetry/api';
import { LoggerModule } from 'nestjs-pino';
import pino from 'pino';
import type { DestinationStream } from 'pino';
import type { Options } from 'pino-http';
import { buildLogger, type LoggerConfig } from './logger';
import { maskPersonalText } from './masking/mask-text';
import { EVERY_ROUTE, httpMetricsMiddleware } from './metrics/http-metrics';
import { MetricsController } from './metrics/metrics.controller';
import { httpTracingMiddleware, requestContext } from './tracing/http-tracing';

export const CORRELATION_ID_HEADER = 'x-correlation-id';
/** A caller's id is echoed into logs and headers, so only a short, plain token is accepted. */
const SAFE_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** The caller's `x-correlation-id` when it is a safe token, else a new UUID; echoed on the response. */
export function correlationIdOf(req: IncomingMessage, res: ServerResponse): string {
  const header = req.headers[CORRELATION_ID_HEADER];
  const given = Array.isArray(header) ? header[0] : header;
  const id = given !== undefined && SAFE_ID.test(given) ? given : randomUUID();
  res.setHeader(CORRELATION_ID_HEADER, id);
  return id;
}

/** Every line of a request carries its correlation id and the trace id of its server span. */
function requestIds(
  req: IncomingMessage & { id?: unknown },
  res: ServerResponse,
): Record<string, unknown> {
  const traceId = trace.getSpanContext(requestContext(req, res))?.traceId;
  return { correlationId: req.id, ...(traceId ? { traceId } : {}) };
}

/** Credentials a request or response may carry: API keys (either header) and cookies. */
const REDACTED_HTTP_PATHS = [
  'req.headers.authorization',
  'req.headers["x-api-key"]',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
];

interface SerializedRequest {
  url?: unknown;
  params?: unknown;
  query?: unknown;
}

/** Route parameters and query values, however nested (`{ path: ['v1', 'care', '+1415…'] }`). */
function maskedValues(value: unknown): unknown {
  if (typeof value === 'string') return maskPersonalText(value);
  if (Array.isArray(value)) return value.map(maskedValues);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, maskedValues(v)]));
  }
  return value;
}

/** `%2B14155550123` hides a number from the text masks: they read the URL as decoded. */
function decoded(url: string): string {
  try {
    return decodeURIComponent(url);
  } catch {
    return url;
  }
}

/**
 * A request line names what it asks for, and care asks for a subscriber by number or ICCID in the
 * path (`GET /v1/care/subscribers/+14155550123`): the URL, route parameters and query are masked
 * as free text before they are logged.
 */
function maskedRequest(req: SerializedRequest): SerializedRequest {
  return {
    ...req,
    url: typeof req.url === 'string' ? maskPersonalText(decoded(req.url)) : req.url,
    params: maskedValues(req.params),
    query: maskedValues(req.query),
  };
}

export interface ObservabilityModuleOptions extends LoggerConfig {
  /** Defaults to stdout; tests pass a stream to read the lines. */
  destination?: DestinationStream;
}

/**
 * nestjs-pino for HTTP apps, with the same masking as `createLogger`, and every line of a request
 * carrying its correlation id. Apps call `app.useLogger(app.get(Logger))` from nestjs-pino.
 * It also traces and times every request and serves the process's metrics at `GET /metrics`.
 */
@Module({})
export class ObservabilityModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(httpTracingMiddleware, httpMetricsMiddleware).forRoutes(EVERY_ROUTE);
  }

  static forRoot(options: ObservabilityModuleOptions): DynamicModule {
    const pinoHttp: Options = {
      logger: buildLogger(pino, options, options.destination),
      genReqId: correlationIdOf,
      customProps: requestIds,
      redact: REDACTED_HTTP_PATHS,
      serializers: { req: maskedRequest },
    };
    return {
      module: ObservabilityModule,
      imports: [LoggerModule.forRoot({ pinoHttp })],
      controllers: [MetricsController],
      exports: [LoggerModule],
    };
  }
}
