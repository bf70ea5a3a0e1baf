export {
  FULL_MASK,
  looksLikeIccid,
  looksLikeMsisdn,
  maskAddress,
  maskEmail,
  maskIccid,
  maskImsi,
  maskMsisdn,
  maskSecret,
  maskSubscriberId,
} from './masking/mask-rules';
export { maskPersonalData, maskRuleFor } from './masking/mask-personal-data';
export { maskPersonalText } from './masking/mask-text';
export { createLogger, loggerOptions, withIds } from './logger';
export { PinoNestLogger } from './nest-logger';
export type { LogIds, LogLevel, Logger, LoggerConfig } from './logger';
export { flushTracing, handoffTracer, startTracing } from './tracing/tracing';
export type { TracingOptions } from './tracing/tracing';
export { inSpan, recordFailure } from './tracing/in-span';
export { httpTracingMiddleware } from './tracing/http-tracing';
export { traceVendorCalls } from './tracing/vendor-call-tracing';
export {
  CORRELATION_ID_HEADER,
  ObservabilityModule,
  correlationIdOf,
} from './observability.module';
export type { ObservabilityModuleOptions } from './observability.module';
export {
  METRICS_CONTENT_TYPE,
  metricsRegistry,
  metricsText,
  registeredMetric,
} from './metrics/metrics-registry';
export { httpMetricsMiddleware, timeHttpRequest } from './metrics/http-metrics';
export { answerMetrics, METRICS_PATH } from './metrics/metrics-endpoint';
export { instrumentBreaker } from './metrics/breaker-metrics';
