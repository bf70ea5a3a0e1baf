/** `'99.9%'` → 99.9; undefined unless it is a percentage between 0 and 100. */
export function parsePercent(text: string): number | undefined {
  const match = /^(\d+(?:\.\d+)?)\s*%$/.exec(text.trim());
  if (!match) return undefined;
  const value = Number(match[1]);
  return value <= 100 ? value : undefined;
}
