import { PaymentErrorCode, paymentPermanent } from './payments.errors';

/** An amount in the minor unit of its currency (1999 is USD 19.99); never a float. */
export interface Money {
  amountMinor: number;
  /** ISO 4217 alphabetic code, upper case: `USD`. */
  currency: string;
}

/** The processor's ceiling (eight digits), and far below `Number.MAX_SAFE_INTEGER`. */
export const MAX_AMOUNT_MINOR = 99_999_999;

const ISO_4217 = /^[A-Z]{3}$/;

/**
 * Refuses, before any call, an amount the processor must never see: not an integer number of
 * minor units (19.99 instead of 1999), zero or negative, too large, or a currency that is not an
 * ISO 4217 code. Permanent: the same request fails the same way every time.
 */
export function assertMoney(money: Money, field = 'amount'): void {
  const { amountMinor, currency } = money;
  if (!Number.isSafeInteger(amountMinor)) {
    throw paymentPermanent(
      PaymentErrorCode.invalidAmount,
      `${field}.amountMinor must be an integer number of minor units (1999 for 19.99), got ${String(amountMinor)}`,
    );
  }
  if (amountMinor < 1 || amountMinor > MAX_AMOUNT_MINOR) {
    throw paymentPermanent(
      PaymentErrorCode.invalidAmount,
      `${field}.amountMinor must be between 1 and ${MAX_AMOUNT_MINOR} minor units, got ${amountMinor}`,
    );
  }
  if (typeof currency !== 'string' || !ISO_4217.test(currency)) {
    throw paymentPermanent(
      PaymentErrorCode.invalidCurrency,
      `${field}.currency must be an upper-case ISO 4217 code such as USD, got ${JSON.stringify(currency)}`,
    );
  }
}

export function money(amountMinor: number, currency: string): Money {
  return { amountMinor, currency };
}
