import { randomBytes } from 'node:crypto';

/**
 * W3C Trace Context `traceparent` helpers (https://www.w3.org/TR/trace-context/#traceparent-header).
 * Only the header is needed to carry a trace across Kafka and HTTP; no tracing SDK is involved.
 */
export interface TraceContext {
  /** 32 lowercase hex characters, not all zero. */
  traceId: string;
  /** 16 lowercase hex characters, not all zero (the spec's `parent-id`). */
  spanId: string;
  /** The trace-flags byte; bit 0 is `sampled`. */
  flags: number;
}

const VERSION = '00';
const SAMPLED = 0x01;
/** Version 00 is exactly these four fields; a later version may append fields after a dash. */
const TRACEPARENT = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-.*)?$/;

const isAllZero = (hex: string) => /^0+$/.test(hex);

/**
 * Ids are cut from a pool of random bytes: one `randomBytes` call per span id cost about 5 % of a
 * consumer's time in the messaging benchmark.
 */
const POOL_SIZE = 8 * 1024;
let pool = Buffer.alloc(0);
let poolOffset = 0;

function randomHex(bytes: number): string {
  for (;;) {
    if (poolOffset + bytes > pool.length) {
      pool = randomBytes(POOL_SIZE);
      poolOffset = 0;
    }
    const hex = pool.toString('hex', poolOffset, poolOffset + bytes);
    poolOffset += bytes;
    if (!isAllZero(hex)) return hex;
  }
}

export function parseTraceparent(header: string | undefined | null): TraceContext | undefined {
  if (typeof header !== 'string') return undefined;
  const match = TRACEPARENT.exec(header.trim());
  if (!match) return undefined;
  const [, version, traceId, spanId, flags, rest] = match;
  if (version === 'ff' || (version === VERSION && rest !== undefined)) return undefined;
  if (isAllZero(traceId) || isAllZero(spanId)) return undefined;
  return { traceId, spanId, flags: parseInt(flags, 16) };
}

export function formatTraceparent(context: TraceContext): string {
  const flags = (context.flags & 0xff).toString(16).padStart(2, '0');
  return `${VERSION}-${context.traceId}-${context.spanId}-${flags}`;
}

/** The root of a new, sampled trace. */
export function newTraceparent(): string {
  return formatTraceparent({ traceId: randomHex(16), spanId: randomHex(8), flags: SAMPLED });
}

/**
 * The traceparent for work caused by `parent`: same trace id and flags, a new span id. A missing
 * or invalid parent starts a new trace rather than failing the work that carries it.
 */
export function childTraceparent(parent: string | undefined | null): string {
  const context = parseTraceparent(parent);
  if (!context) return newTraceparent();
  return formatTraceparent({ ...context, spanId: randomHex(8) });
}

export function isSampled(context: TraceContext): boolean {
  return (context.flags & SAMPLED) === SAMPLED;
}
