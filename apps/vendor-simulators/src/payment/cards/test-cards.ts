/**
 * Payment-method tokens that make the simulated issuer decline, named after Stripe's test cards.
 * Any other token (`pm_card_visa`, `tok_…`) is approved. The simulator only says what the issuer
 * said (`decline_code`, and Stripe's `advice_code`); telling hard from soft is the client's job.
 */
export interface IssuerDecline {
  declineCode: string;
  /** Stripe's hint for merchants: `do_not_try_again` (hard) or `try_again_later` (soft). */
  adviceCode: 'do_not_try_again' | 'try_again_later';
  message: string;
}

const hard = (declineCode: string, message: string): IssuerDecline => ({
  declineCode,
  adviceCode: 'do_not_try_again',
  message,
});
const soft = (declineCode: string, message: string): IssuerDecline => ({
  declineCode,
  adviceCode: 'try_again_later',
  message,
});

export const DECLINING_TOKENS: Readonly<Record<string, IssuerDecline>> = {
  pm_card_chargeDeclinedStolenCard: hard('stolen_card', 'Your card was declined.'),
  pm_card_chargeDeclinedLostCard: hard('lost_card', 'Your card was declined.'),
  pm_card_chargeDeclinedAccountClosed: hard('account_closed', 'Your card was declined.'),
  pm_card_chargeDeclinedInsufficientFunds: soft(
    'insufficient_funds',
    'Your card has insufficient funds.',
  ),
  pm_card_chargeDeclinedTryAgainLater: soft('try_again_later', 'Your card was declined.'),
};

export function issuerAnswer(paymentMethod: string): IssuerDecline | undefined {
  return DECLINING_TOKENS[paymentMethod];
}

/** The issuer's declines by code, for an admin who makes a card decline from now on. */
export const DECLINES_BY_CODE: Readonly<Record<string, IssuerDecline>> = Object.fromEntries(
  Object.values(DECLINING_TOKENS).map((decline) => [decline.declineCode, decline]),
);
