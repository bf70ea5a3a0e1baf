import {
  checkMoney,
  dollars,
  type ActivationMoneyView,
  type MoneyLedgers,
  type PaymentEffect,
  type TaxLedgerEntry,
} from './demo-money';

/** A charged activation that went right: 7000 of charges, 612 of tax, captured and filed once. */
function paid(n: number): { view: ActivationMoneyView; ledgers: MoneyLedgers } {
  const code = `ACT-act-${n}`;
  const customer = `sub-${n}`;
  const intent = `pi_${n}`;
  const effect = (kind: string): PaymentEffect => ({
    kind,
    payment_intent: intent,
    customer,
    amount: 7_612,
    currency: 'usd',
    idempotency_key: `handoff:act-${n}:${kind}:1`,
  });
  return {
    view: {
      activationId: `act-${n}`,
      state: 'completed',
      subscriberId: customer,
      chargesMinor: 7_000,
      amountMinor: 7_612,
      taxDocumentCode: code,
      announced: [{ paymentIntentId: intent, taxTransactionId: code }],
      owedMinor: [],
    },
    ledgers: {
      effects: [effect('authorization'), effect('capture')],
      taxEntries: [{ effect: 'committed', documentCode: code, taxAmount: 612 }],
      documents: new Map([
        [
          code,
          { documentCode: code, status: 'committed', totals: { amount: 7_000, taxAmount: 612 } },
        ],
      ]),
    },
  };
}

const merged = (...all: MoneyLedgers[]): MoneyLedgers => ({
  effects: all.flatMap((l) => l.effects),
  taxEntries: all.flatMap((l) => l.taxEntries),
  documents: new Map(all.flatMap((l) => [...l.documents])),
});

describe('the money check of the demo', () => {
  it('adds up activations that were charged, captured and filed once, to the cent', () => {
    const one = paid(1);
    const two = paid(2);
    const check = checkMoney([one.view, two.view], merged(one.ledgers, two.ledgers));
    expect(check).toMatchObject({
      charged: 2,
      chargesMinor: 14_000,
      taxMinor: 1_224,
      capturedMinor: 15_224,
      filedTaxMinor: 1_224,
      chargedTwice: [],
      committedTwice: [],
      unreconciled: [],
    });
  });

  it('finds a second capture and a second commit', () => {
    const { view, ledgers } = paid(1);
    const again: TaxLedgerEntry = {
      effect: 'committed',
      documentCode: 'ACT-act-1',
      taxAmount: 612,
    };
    const check = checkMoney([view], {
      ...ledgers,
      effects: [...ledgers.effects, { ...ledgers.effects[1] }],
      taxEntries: [...ledgers.taxEntries, again],
    });
    expect(check.chargedTwice).toEqual(['sub-1']);
    expect(check.committedTwice).toEqual(['ACT-act-1']);
    expect(check.unreconciled).toEqual(['act-1: 2 captures', 'act-1: tax committed 2 times']);
  });

  it("leaves the BSS's own charges of the same customer (a top-up) out of the activation's", () => {
    const { view, ledgers } = paid(1);
    const topUp: PaymentEffect = {
      ...ledgers.effects[1],
      payment_intent: 'pi_topup',
      amount: 1_087,
      idempotency_key: 'bss-pay-1:capture',
    };
    const check = checkMoney([view], { ...ledgers, effects: [...ledgers.effects, topUp] });
    expect(check.chargedTwice).toEqual([]);
    expect(check.unreconciled).toEqual([]);
    expect(check.capturedMinor).toBe(7_612);
  });

  it('finds a cent off between the capture and charges plus tax, and an owed amount told wrong', () => {
    const { view, ledgers } = paid(1);
    const check = checkMoney([{ ...view, owedMinor: [7_600] }], {
      ...ledgers,
      effects: ledgers.effects.map((e) => ({ ...e, amount: e.kind === 'capture' ? 7_611 : 7_612 })),
    });
    expect(check.unreconciled).toEqual([
      'act-1: captured 7611 usd, owed 7612',
      'act-1: the BSS was told 7600 owed, not 7612',
    ]);
  });

  it('wants nothing captured or filed for a declined or free activation', () => {
    const { ledgers } = paid(1);
    const declined: ActivationMoneyView = {
      activationId: 'act-1',
      state: 'rejected',
      subscriberId: 'sub-1',
      chargesMinor: 7_000,
      amountMinor: 7_612,
      taxDocumentCode: 'ACT-act-1',
      announced: [],
      owedMinor: [],
    };
    expect(checkMoney([declined], ledgers).unreconciled).toEqual([
      'act-1: rejected but captured 1x',
      'act-1: rejected but tax filed',
    ]);
    const free = { ...declined, state: 'completed', chargesMinor: 0, taxDocumentCode: null };
    expect(checkMoney([free], { ...ledgers, effects: [] }).unreconciled).toEqual([]);
  });

  it('writes cents as dollars', () => {
    expect(dollars(123_456)).toBe('$1,234.56');
    expect(dollars(5)).toBe('$0.05');
  });
});
