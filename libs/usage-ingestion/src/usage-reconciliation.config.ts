import { z } from 'zod';
import { loadConfig } from '@handoff/config';
import type { UsageType } from './usage-record';

/** How far apart the invoice's and Handoff's figures may be and still match: units or a share. */
export interface Tolerance {
  /** In the type's unit: seconds (voice), messages (SMS), bytes (data). */
  absolute: number;
  /** Percent of the invoice's figure. The larger of the two applies. */
  percent: number;
}

/** Wholesale rates in minor units of `currency`: per minute, per message, per MB (10^6 bytes). */
export interface WholesaleRates {
  currency: string;
  voicePerMinute: number;
  smsPerMessage: number;
  dataPerMegabyte: number;
}

export interface ReconciliationSettings {
  tolerance: Record<UsageType, Tolerance>;
  /** Undefined: charges are not compared (reported as such). */
  rates: WholesaleRates | undefined;
  /** Minor units a line's charge may differ from Handoff's usage at the rates. */
  chargeToleranceMinor: number;
}

const TYPES: readonly UsageType[] = ['voice', 'sms', 'data'];
const AMOUNT = /^(\d+(?:\.\d+)?)(%?)$/;

const listOf = <K extends string>(keys: readonly K[], example: string) =>
  z.string().transform((text, ctx) => {
    const entries = text.split(',').map((part) => part.split('=').map((s) => s.trim()));
    const map = new Map(entries.map(([k, v]) => [k ?? '', v ?? '']));
    const unknown = [...map.keys()].filter((k) => !keys.includes(k as K));
    if (unknown.length === 0 && entries.every((e) => e.length === 2)) {
      return map;
    }
    ctx.addIssue({
      code: z.ZodIssueCode.custom,
      message: `must read like "${example}"; got "${text}"`,
    });
    return z.NEVER;
  });

const TOLERANCE_EXAMPLE = 'voice=1%,sms=0,data=1%';
const RATES_EXAMPLE = 'currency=USD,voice=1.2,sms=0.5,data=0.8';

const schema = z.object({
  USAGE_RECONCILE_TOLERANCE: listOf(TYPES, TOLERANCE_EXAMPLE)
    .default(TOLERANCE_EXAMPLE)
    .transform((map, ctx) => {
      const tolerance = {} as Record<UsageType, Tolerance>;
      for (const type of TYPES) {
        const match = AMOUNT.exec(map.get(type) ?? '0');
        if (!match) {
          ctx.addIssue({
            code: z.ZodIssueCode.custom,
            message: `${type}: "${map.get(type)}" is not a number or a percentage`,
          });
          return z.NEVER;
        }
        const value = Number(match[1]);
        tolerance[type] = match[2]
          ? { absolute: 0, percent: value }
          : { absolute: value, percent: 0 };
      }
      return tolerance;
    }),
  USAGE_WHOLESALE_RATES: listOf(['currency', ...TYPES], RATES_EXAMPLE)
    .optional()
    .transform((map, ctx) => {
      if (map === undefined) return undefined;
      const rate = (key: string) =>
        AMOUNT.exec(map.get(key) ?? '')?.[2] === '' ? Number(map.get(key)) : NaN;
      const rates = {
        currency: map.get('currency') ?? '',
        voicePerMinute: rate('voice'),
        smsPerMessage: rate('sms'),
        dataPerMegabyte: rate('data'),
      };
      if (
        /^[A-Z]{3}$/.test(rates.currency) &&
        [rates.voicePerMinute, rates.smsPerMessage, rates.dataPerMegabyte].every(Number.isFinite)
      ) {
        return rates;
      }
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        message: `needs a currency and a rate for each of voice, sms, data, e.g. "${RATES_EXAMPLE}"`,
      });
      return z.NEVER;
    }),
  USAGE_RECONCILE_CHARGE_TOLERANCE: z.coerce.number().int().min(0).default(1),
});

/** Reconciliation's settings. The caller passes its environment (`process.env` at start). */
export function loadReconciliationConfig(
  env: Record<string, string | undefined>,
): ReconciliationSettings {
  const c = loadConfig(schema, env);
  return {
    tolerance: c.USAGE_RECONCILE_TOLERANCE,
    rates: c.USAGE_WHOLESALE_RATES,
    chargeToleranceMinor: c.USAGE_RECONCILE_CHARGE_TOLERANCE,
  };
}
