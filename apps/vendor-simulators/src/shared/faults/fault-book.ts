import type { z } from 'zod';
import { ANY_ENDPOINT, type FaultRule } from './fault-rule.schema';

/** The faults in force, one rule per endpoint (or `*`); a new rule for an endpoint replaces its old one. */
export class FaultBook<R extends FaultRule = FaultRule> {
  private readonly rules = new Map<string, R>();

  constructor(
    readonly schema: z.ZodType<R, z.ZodTypeDef, unknown>,
    initial: readonly R[] = [],
  ) {
    initial.forEach((rule) => this.put(rule));
  }

  put(rule: R): void {
    this.rules.set(rule.endpoint, rule);
  }

  list(): R[] {
    return [...this.rules.values()];
  }

  clear(): void {
    this.rules.clear();
  }

  /** The `*` rule refined field by field by the endpoint's own rule. */
  effective(endpoint: string): Partial<R> {
    return { ...this.rules.get(ANY_ENDPOINT), ...this.rules.get(endpoint) } as Partial<R>;
  }
}

/** A rate of 1 always applies and 0 never does, so tests can rely on them; between, it is random. */
export function happens(rate: number | undefined, random: () => number = Math.random): boolean {
  if (rate === undefined || rate <= 0) return false;
  return rate >= 1 || random() < rate;
}
