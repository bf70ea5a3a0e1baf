import { Injectable } from '@nestjs/common';

export const LINE_EFFECT_KINDS = [
  'activated',
  'planChanged',
  'suspended',
  'resumed',
  'simSwapped',
  'portedIn',
  'deactivated',
  'portedOut',
] as const;
export type LineEffectKind = (typeof LINE_EFFECT_KINDS)[number];

/** One change the network applied to a line. */
export interface LineEffect {
  seq: number;
  lineId: string;
  kind: LineEffectKind;
  /** The order that caused it; null for a port-out (the recipient operator did it). */
  orderId: string | null;
  externalId: string | null;
  /** What changed, e.g. `{from: 'PLAN-A', to: 'PLAN-B'}` or the suspension's reason. */
  detail: Record<string, string>;
  at: string;
}

export interface LineEffectFilter {
  lineId?: string;
  kind?: LineEffectKind;
}

/**
 * Every change applied at the network, in order: what tests and the demo read to prove that a
 * suspend came after the activation it follows and that nothing was applied twice.
 */
@Injectable()
export class LineEffects {
  private readonly effects: LineEffect[] = [];

  record(effect: Omit<LineEffect, 'seq' | 'at'>, now: Date): void {
    this.effects.push({ seq: this.effects.length + 1, ...effect, at: now.toISOString() });
  }

  list(filter: LineEffectFilter = {}): LineEffect[] {
    return this.effects
      .filter((e) => filter.lineId === undefined || e.lineId === filter.lineId)
      .filter((e) => filter.kind === undefined || e.kind === filter.kind)
      .map((e) => ({ ...e, detail: { ...e.detail } }));
  }

  clear(): void {
    this.effects.length = 0;
  }
}
