/**
 * Money in the tax engine: integer minor units only, rates as integer millionths ("micros": 7.25 %
 * is 72_500). A product of an amount and a rate is exact in BigInt and rounded once, half away from
 * zero, so a refund (negative amount) rounds to the mirror image of the charge it refunds.
 */
export const MICROS = 1_000_000;

export function applyRate(amountMinor: number, rateMicros: number): number {
  const product = BigInt(amountMinor) * BigInt(rateMicros);
  const scale = BigInt(MICROS);
  const magnitude = product < 0n ? -product : product;
  const rounded = (magnitude * 2n + scale) / (scale * 2n);
  return Number(product < 0n ? -rounded : rounded);
}

/** `72_500` → `"0.072500"`: rates go on the wire as decimal strings, never as floats. */
export function rateText(rateMicros: number): string {
  const whole = Math.trunc(rateMicros / MICROS);
  const fraction = String(rateMicros % MICROS).padStart(6, '0');
  return `${whole}.${fraction}`;
}

export function sum(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0);
}
