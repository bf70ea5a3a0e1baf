import pino, { type DestinationStream, type Logger, type LoggerOptions } from 'pino';
import { maskFields, maskPersonalData } from './masking/mask-personal-data';
import { maskPersonalText } from './masking/mask-text';
import { maskSubscriberId } from './masking/mask-rules';

export type { Logger } from 'pino';

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

export interface LoggerConfig {
  /** The service or component name, written as `name` on every line. */
  name: string;
  /** The caller reads `LOG_LEVEL` in its config; the library never looks at the environment. */
  level?: LogLevel;
}

function maskLogObject(object: Record<string, unknown>): Record<string, unknown> {
  try {
    return maskPersonalData(object);
  } catch (error) {
    // A throwing getter must not take the service down, nor let the unmasked object through.
    return { logMaskingFailed: error instanceof Error ? error.message : String(error) };
  }
}

/**
 * Pino options shared by `createLogger` and the HTTP module: JSON lines, ISO time, level labels,
 * and personal data masked in every logged object (child bindings: see `maskChildBindings`).
 */
export function loggerOptions({ name, level = 'info' }: LoggerConfig): LoggerOptions {
  return {
    name,
    level,
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: {
      level: (label) => ({ level: label }),
      log: maskLogObject,
    },
    hooks: {
      // The message is not part of the logged object: an interpolated value is masked here.
      logMethod(args, method) {
        const masked = args.map((arg) => (typeof arg === 'string' ? maskPersonalText(arg) : arg));
        method.apply(this, masked as Parameters<typeof method>);
      },
    },
  };
}

/**
 * Pino applies `formatters.bindings` to the root logger only, never to child bindings
 * (https://github.com/pinojs/pino/issues/1700), so the root's `child` and `setBindings` mask them.
 * A child is `Object.create(parent)`, so every descendant inherits both.
 */
function maskChildBindings(logger: Logger): Logger {
  /* eslint-disable @typescript-eslint/unbound-method -- called below with the right `this` */
  const { child, setBindings } = logger;
  /* eslint-enable @typescript-eslint/unbound-method */
  logger.child = function (this: Logger, bindings, options) {
    return child.call(this, maskFields(bindings), options);
  } as Logger['child'];
  logger.setBindings = function (this: Logger, bindings) {
    setBindings.call(this, maskFields(bindings));
  };
  return logger;
}

/** Builds the logger with a given pino (the HTTP module must use the one pino-http depends on). */
export function buildLogger(
  factory: typeof pino,
  config: LoggerConfig,
  destination?: DestinationStream,
): Logger {
  const options = loggerOptions(config);
  return maskChildBindings(destination ? factory(options, destination) : factory(options));
}

/** A JSON logger; `destination` defaults to stdout (tests pass a stream to read the lines). */
export function createLogger(config: LoggerConfig, destination?: DestinationStream): Logger {
  return buildLogger(pino, config, destination);
}

export interface LogIds {
  correlationId: string;
  causationId?: string;
  eventId?: string;
  subscriberId?: string;
}

/** A child logger carrying the ids of one unit of work; a subscriber id that is an ICCID or MSISDN is masked. */
export function withIds(logger: Logger, ids: LogIds): Logger {
  const bindings: Record<string, unknown> = { correlationId: ids.correlationId };
  if (ids.causationId !== undefined) bindings.causationId = ids.causationId;
  if (ids.eventId !== undefined) bindings.eventId = ids.eventId;
  if (ids.subscriberId !== undefined) bindings.subscriberId = maskSubscriberId(ids.subscriberId);
  return logger.child(bindings);
}
