import type { EntityManager } from 'typeorm';
import type { ActivationMoney } from './activation-money';

/** "USD 82.11": minor units shown in the currency's own exponent (a yen has none). */
export function formatMinor(amountMinor: number, currency: string): string {
  const digits =
    new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions()
      .maximumFractionDigits ?? 2;
  return `${currency} ${(amountMinor / 10 ** digits).toFixed(digits)}`;
}

/** Whether the customer's card is still held for this activation: authorized, neither captured nor voided. */
export const holdsMoney = (a: { money: ActivationMoney }): boolean =>
  a.money.paymentIntentId !== null && a.money.paymentStatus === 'authorized';

interface HeldRow {
  activation_id: string;
  payment_intent_id: string;
  amount_minor: string;
  currency: string;
  tax_document_code: string | null;
}

/**
 * Why the orchestrator's dead letter keyed `key` (a subscriber id, or an activation id for a BSS
 * request that named no subscriber) must not be discarded: its activation has not ended and still
 * holds the customer's money, which only the saga releases (captured on a replay, or voided when
 * the activation fails). Undefined when nothing is held. Read under the discard's transaction.
 */
export async function discardRefusal(db: EntityManager, key: string): Promise<string | undefined> {
  const [held] = await db.query<HeldRow[]>(
    `SELECT activation_id, payment_intent_id, amount_minor, currency, tax_document_code
       FROM activations
      WHERE (subscriber_id = $1 OR activation_id = $1)
        AND state NOT IN ('completed', 'failed', 'rejected') AND payment_status = 'authorized'
      ORDER BY requested_at LIMIT 1`,
    [key],
  );
  if (!held) return undefined;
  const money = formatMinor(Number(held.amount_minor), held.currency);
  return (
    `activation ${held.activation_id} still holds payment ${held.payment_intent_id} (${money}) ` +
    `and tax document ${held.tax_document_code ?? '(none)'}, which a discard would leave behind. ` +
    'Replay this dead letter once the cause is fixed: the saga then captures, or voids both if ' +
    'the activation fails'
  );
}
