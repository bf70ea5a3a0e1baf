import type { LoggerService } from '@nestjs/common';
import type { Logger } from '@handoff/observability';

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
 * Nest's own lines as JSON through the simulator's pino logger. Its `log` level (route mapping,
 * start-up) goes to debug: the simulator announces itself in one line of its own.
 */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}

  log(message: unknown, ...params: unknown[]): void {
    this.logger.debug(context(params), text(message));
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
