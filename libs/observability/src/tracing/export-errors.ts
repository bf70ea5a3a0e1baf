import { diag, DiagLogLevel, type DiagLogger } from '@opentelemetry/api';
import { createLogger } from '../logger';

const ignore = () => undefined;

/**
 * OpenTelemetry reports a failed export (a collector down, a refused batch) through its own
 * diagnostic logger, silent unless one is set: this one writes its warnings and errors as the
 * service's JSON lines, so traces that stop arriving leave a trace in the logs.
 */
export function logExportErrors(service: string): void {
  const log = createLogger({ name: service, level: 'warn' });
  const write =
    (level: 'warn' | 'error') =>
    (message: string, ...args: unknown[]) =>
      log[level]({ opentelemetry: args.map(String) }, `opentelemetry: ${message}`);
  const logger: DiagLogger = {
    error: write('error'),
    warn: write('warn'),
    info: ignore,
    debug: ignore,
    verbose: ignore,
  };
  diag.setLogger(logger, { logLevel: DiagLogLevel.WARN, suppressOverrideMessage: true });
}
