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

/** `'99.9%'` → 99.9; undefined unless it is a percentage between 0 and 100. */
export function parsePercent(text: string): number | undefined {
  const match = /^(\d+(?:\.\d+)?)\s*%$/.exec(text.trim());
  if (!match) return undefined;
  const value = Number(match[1]);
  return value <= 100 ? value : undefined;
}
