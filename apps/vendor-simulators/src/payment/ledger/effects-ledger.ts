import { Injectable } from '@nestjs/common';

/**
 * Money the simulated processor moved or held. `authorization` puts a hold on the card;
 * `capture` charges it; `release` (the rest after a final partial capture), `void` and `expiry`
 * lift a hold; `refund` gives money back.
 */
export const EFFECT_KINDS = [
  'authorization',
  'capture',
  'release',
  'void',
  'expiry',
  'refund',
] as const;
export type EffectKind = (typeof EFFECT_KINDS)[number];

export interface Effect {
  seq: number;
  kind: EffectKind;
  payment_intent: string;
  customer: string;
  /** Minor units of `currency`. */
  amount: number;
  currency: string;
  /** The key of the request that caused it; null for an expiry (the clock did it). */
  idempotency_key: string | null;
  refund?: string;
  at: string;
}

export interface EffectFilter {
  payment_intent?: string;
  customer?: string;
  kind?: EffectKind;
}

export type EffectTotals = Record<string, Record<EffectKind, number>>;

/** Every effect, in order: what tests and the demo read to prove nothing was charged twice. */
@Injectable()
export class EffectsLedger {
  private readonly effects: Effect[] = [];

  record(effect: Omit<Effect, 'seq' | 'at'>, now = new Date()): void {
    this.effects.push({ seq: this.effects.length + 1, ...effect, at: now.toISOString() });
  }

  list(filter: EffectFilter = {}): Effect[] {
    return this.effects
      .filter(
        (e) => filter.payment_intent === undefined || e.payment_intent === filter.payment_intent,
      )
      .filter((e) => filter.customer === undefined || e.customer === filter.customer)
      .filter((e) => filter.kind === undefined || e.kind === filter.kind)
      .map((e) => ({ ...e }));
  }

  /** Sums per currency and kind, in minor units: never added across currencies. */
  totals(): EffectTotals {
    const totals: EffectTotals = {};
    for (const effect of this.effects) {
      const perKind = (totals[effect.currency] ??= zeroes());
      perKind[effect.kind] += effect.amount;
    }
    return totals;
  }

  clear(): void {
    this.effects.length = 0;
  }
}

function zeroes(): Record<EffectKind, number> {
  return Object.fromEntries(EFFECT_KINDS.map((kind) => [kind, 0])) as Record<EffectKind, number>;
}
