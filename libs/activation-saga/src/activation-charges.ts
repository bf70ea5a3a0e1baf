import type { ActivationRequested } from '@handoff/contracts';
import type { ServiceAddress, TaxCharge, TaxChargeType } from '@handoff/tax-engine';

/** What an activation charges before tax: the sum of its charge lines, in one currency. */
export interface ActivationCharges {
  totalMinor: number;
  currency: string;
  taxCharges: TaxCharge[];
}

/**
 * The request's charges, or undefined when nothing is charged (no lines, or lines summing to zero):
 * then the saga neither quotes tax nor touches the processor. The event is the price list: the BSS or
 * the gateway puts the activation fee and the first period of the plan on it (decision 33).
 */
export function chargesOf(request: ActivationRequested): ActivationCharges | undefined {
  const lines = request.charges;
  const totalMinor = lines.reduce((sum, line) => sum + line.amount.amountMinor, 0);
  if (lines.length === 0 || totalMinor <= 0) return undefined;
  return {
    totalMinor,
    currency: lines[0].amount.currency,
    taxCharges: lines.map((line, i) => ({
      ref: `${i + 1}:${line.chargeCode}`,
      type: taxChargeType(line.chargeCode),
      amountMinor: line.amount.amountMinor,
    })),
  };
}

/** A request that charges must be chargeable: one currency, a payment method token. */
export function chargeProblem(
  request: ActivationRequested,
): { field: string; code: string; message: string } | undefined {
  if (!chargesOf(request)) return undefined;
  const currencies = new Set(request.charges.map((line) => line.amount.currency));
  if (currencies.size > 1) {
    const message = 'all charge lines of an activation must be in one currency';
    return { field: 'charges', code: 'CHARGES.MIXED_CURRENCY', message };
  }
  if (!request.paymentMethodToken) {
    const message = 'the activation has charges but no payment method token';
    return { field: 'paymentMethodToken', code: 'PAYMENT_METHOD.MISSING', message };
  }
  return undefined;
}

/** The activation fee is taxed as one; every other activation charge as the plan's first period. */
function taxChargeType(chargeCode: string): TaxChargeType {
  return chargeCode.toUpperCase().startsWith('ACTIVATION') ? 'activationFee' : 'monthlyPlan';
}

/** The tax engine's terms for a request's service address (an activation's, a payment's). */
export function serviceAddressOf(
  request: Pick<ActivationRequested, 'serviceAddress'>,
): ServiceAddress {
  const a = request.serviceAddress;
  return {
    street: a.line1,
    city: a.city,
    state: a.stateOrProvince,
    postalCode: a.postalCode,
    country: a.countryCode,
  };
}

/** The date the tax rates are taken from: the day the activation was requested (UTC). */
export function transactionDateOf(request: ActivationRequested): string {
  return new Date(request.requestedAt).toISOString().slice(0, 10);
}
