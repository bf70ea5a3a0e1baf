import { z } from 'zod';

const UNIT_MS: Record<string, number> = {
  ms: 1,
  s: 1_000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
};

const DURATION = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)$/;

/** `'30s'` → 30000, `'4m'` → 240000, `'1.5h'` → 5400000; undefined when it is not a duration. */
export function parseDuration(text: string): number | undefined {
  const match = DURATION.exec(text.trim());
  if (!match) return undefined;
  return Math.round(Number(match[1]) * UNIT_MS[match[2]]);
}

/** The largest whole unit: 30000 → `'30s'`, 240000 → `'4m'`, 1500 → `'1500ms'`. */
export function formatDuration(ms: number): string {
  const [unit, size] = Object.entries(UNIT_MS)
    .reverse()
    .find(([, size]) => ms % size === 0 && ms >= size) ?? ['ms', 1];
  return `${ms / size}${unit}`;
}

export interface DurationField {
  /** What an unset variable means, as an operator writes it (`5m`); none: the field is optional. */
  default?: string;
  /** The shortest duration accepted; 0 accepts zero, 1 (the default) anything above it. */
  minMs?: number;
  /** The example the message gives; the default when there is one. */
  example?: string;
}

/**
 * A variable holding a duration in words (`5m`, `500ms`, `1.5h`), read as milliseconds, with a
 * message that names the units and the shortest accepted. Without a default, unset or empty is
 * undefined.
 */
export function duration(
  field: DurationField & { default: string },
): z.ZodType<number, z.ZodTypeDef, string | undefined>;
export function duration(
  field: DurationField,
): z.ZodType<number | undefined, z.ZodTypeDef, string | undefined>;
export function duration({
  default: fallback,
  minMs = 1,
  example = fallback ?? '10s',
}: DurationField): z.ZodType<number | undefined, z.ZodTypeDef, string | undefined> {
  const shortest =
    minMs === 0 ? '' : minMs === 1 ? ' greater than zero' : ` of at least ${formatDuration(minMs)}`;
  const toMs = (text: string, ctx: z.RefinementCtx): number => {
    const ms = parseDuration(text);
    if (ms !== undefined && ms >= minMs) return ms;
    ctx.addIssue({
      code: z.ZodIssueCode.custom,
      message: `must be a duration${shortest}, e.g. ${example} (units ms, s, m, h, d); got "${text}"`,
    });
    return z.NEVER;
  };
  if (fallback !== undefined) return z.string().default(fallback).transform(toMs);
  return z
    .string()
    .optional()
    .transform((text, ctx) => (text === undefined || text === '' ? undefined : toMs(text, ctx)));
}
