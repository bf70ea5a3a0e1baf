/** A plain text table: a header row and left-aligned columns two spaces apart. */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)].join('\n');
}

/** `2h 5m`, `3d 4h`, `42s`: how long ago, at the two largest units. */
export function age(iso: string, now = Date.now()): string {
  let s = Math.max(0, Math.round((now - Date.parse(iso)) / 1_000));
  const parts: string[] = [];
  for (const [unit, size] of [
    ['d', 86_400],
    ['h', 3_600],
    ['m', 60],
    ['s', 1],
  ] as const) {
    if (s >= size || (unit === 's' && parts.length === 0))
      parts.push(`${Math.floor(s / size)}${unit}`);
    s %= size;
  }
  return parts.slice(0, 2).join(' ');
}

/** `handoff.activation.ActivationRequested` → `ActivationRequested`. */
export function shortType(type: string | null): string {
  return type ? (type.split('.').pop() ?? type) : '(unreadable)';
}
