/** `hard`: never retry this payment method; `soft`: the same method may succeed later. */
export type DeclineCategory = 'hard' | 'soft';

/** Issuer decline codes that may clear by themselves (funds arrive, the issuer comes back). */
const SOFT_CODES = new Set([
  'insufficient_funds',
  'try_again_later',
  'processing_error',
  'issuer_not_available',
  'reenter_transaction',
  'card_velocity_exceeded',
  'withdrawal_count_limit_exceeded',
  'do_not_honor',
  'generic_decline',
  'approve_with_id',
]);

/**
 * The category of a decline. The processor's advice, when it gives one, wins (Stripe's
 * `advice_code`); otherwise the decline code decides. An unknown code is `hard`: retrying a
 * decline nobody understood risks the card network's retry penalties and the customer's trust,
 * and a hard decline only asks for a new payment method.
 */
export function declineCategory(declineCode: string, adviceCode?: string): DeclineCategory {
  if (adviceCode === 'do_not_try_again') return 'hard';
  if (adviceCode === 'try_again_later') return 'soft';
  return SOFT_CODES.has(declineCode) ? 'soft' : 'hard';
}
