import { PassThrough } from 'node:stream';
import { createLogger, type Logger, type LogLevel } from '../logger';

export interface CapturedLogger {
  log: Logger;
  /** The JSON lines written so far, as text. */
  lines: () => string[];
  /** The same, parsed. */
  entries: () => Record<string, unknown>[];
}

/** A service logger whose JSON lines a test reads instead of stdout. */
export function capturedLogger(name: string, level: LogLevel = 'info'): CapturedLogger {
  const stream = new PassThrough();
  const lines: string[] = [];
  stream.on('data', (chunk: Buffer) => lines.push(...chunk.toString().split('\n').filter(Boolean)));
  return {
    log: createLogger({ name, level }, stream),
    lines: () => lines,
    entries: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}
