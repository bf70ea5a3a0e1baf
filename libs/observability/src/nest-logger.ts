import type { LoggerService } from '@nestjs/common';
import type { Logger, LogLevel } from './logger';

function text(message: unknown): string {
  if (message instanceof Error) return message.message;
  return typeof message === 'string' ? message : JSON.stringify(message);
}

/** The last string Nest passes after a message is the context (the class that logged). */
function context(params: unknown[]): Record<string, unknown> {
  const last = params.at(-1);
  return typeof last === 'string' ? { context: last } : {};
}

/**
 * Nest's own lines (bootstrap, module loading, its errors) as JSON through a service's pino logger,
 * masked like every other line. Nest's `log` level goes to `logAt`: `info` for a service, whose
 * start-up is worth reading; `debug` where the service announces itself in a line of its own.
 * Pass it to `app.useLogger` after creating the app with `bufferLogs: true`, so the lines Nest
 * writes before (the bootstrap) are replayed through it.
 */
export class PinoNestLogger implements LoggerService {
  constructor(
    private readonly logger: Logger,
    private readonly logAt: Extract<LogLevel, 'info' | 'debug'> = 'info',
  ) {}

  log(message: unknown, ...params: unknown[]): void {
    this.logger[this.logAt](context(params), text(message));
  }

  error(message: unknown, ...params: unknown[]): void {
    this.logger.error(context(params), text(message));
  }

  warn(message: unknown, ...params: unknown[]): void {
    this.logger.warn(context(params), text(message));
  }

  debug(message: unknown, ...params: unknown[]): void {
    this.logger.debug(context(params), text(message));
  }

  verbose(message: unknown, ...params: unknown[]): void {
    this.logger.trace(context(params), text(message));
  }
}
