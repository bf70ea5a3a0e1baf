import { z } from 'zod';
import type {
  ServiceAddress,
  TaxCharge,
  TaxChargeType,
  TaxLocation,
  TaxQuoteRequest,
} from '../tax-engine.port';

/**
 * The engine's wire format: a communications tax API in the manner of Avalara AFC and SureTax
 * (documents keyed by the caller's code, transaction/service type pairs, tax lines per
 * jurisdiction level). These types never leave the lib; `tax-document.mapping.ts` maps them.
 */
const minor = z.number().int();

const taxLineSchema = z.object({
  level: z.enum(['federal', 'state', 'county', 'city', 'district']),
  jurisdictionName: z.string(),
  name: z.string(),
  kind: z.enum(['tax', 'regulatoryFee']),
  rate: z
    .string()
    .regex(/^\d+(\.\d+)?$/)
    .nullable(),
  taxableAmount: minor,
  taxAmount: minor,
});

const taxedLineSchema = z.object({
  ref: z.string(),
  amount: minor,
  taxes: z.array(taxLineSchema),
  taxAmount: minor,
});

const totalsSchema = z.object({ amount: minor, taxAmount: minor });

export const taxDocumentSchema = z.object({
  documentCode: z.string().min(1),
  status: z.enum(['quoted', 'committed', 'voided']),
  transactionDate: z.string(),
  currency: z.string().length(3),
  jurisdiction: z.object({ code: z.string().min(1), name: z.string() }),
  lines: z.array(taxedLineSchema),
  totals: totalsSchema,
  adjustments: z.array(
    z.object({
      adjustmentCode: z.string(),
      reason: z.string(),
      lines: z.array(taxedLineSchema),
      totals: totalsSchema,
    }),
  ),
});

export type WireTaxDocument = z.infer<typeof taxDocumentSchema>;
export type WireTaxedLine = z.infer<typeof taxedLineSchema>;

export const jurisdictionSchema = z.object({ code: z.string().min(1), name: z.string() });

/** `GET /jurisdictions`: the engine's configuration, one entry per place it resolves. */
export const jurisdictionListSchema = z.array(
  jurisdictionSchema.extend({
    state: z.string().min(1),
    taxRuleCount: z.number().int().min(0),
  }),
);

/** Our charge types as the engine's (transaction type, service type) pairs. */
const SERVICE_PAIR: Record<TaxChargeType, { transactionType: string; serviceType: string }> = {
  activationFee: { transactionType: 'cellular', serviceType: 'activation' },
  monthlyPlan: { transactionType: 'cellular', serviceType: 'access' },
  usage: { transactionType: 'cellular', serviceType: 'usage' },
  topUp: { transactionType: 'prepaidWireless', serviceType: 'recharge' },
};

export function toWireLines(charges: readonly TaxCharge[]) {
  return charges.map((charge) => ({
    ref: charge.ref,
    ...SERVICE_PAIR[charge.type],
    amount: charge.amountMinor,
    lines: charge.lines ?? 1,
  }));
}

export function toWireAddress(address: ServiceAddress) {
  return { ...address, country: address.country ?? 'US' };
}

function toWireLocation(location: TaxLocation) {
  return 'jurisdictionCode' in location
    ? { jurisdictionCode: location.jurisdictionCode }
    : { serviceAddress: toWireAddress(location.serviceAddress) };
}

/** The body of `POST /documents/calculate`. */
export function toCalculateRequest(request: TaxQuoteRequest) {
  return {
    documentCode: request.documentCode,
    transactionDate: request.transactionDate,
    currency: request.currency,
    ...toWireLocation(request.location),
    lines: toWireLines(request.charges),
  };
}
