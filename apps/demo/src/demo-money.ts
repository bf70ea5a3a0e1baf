/*
 * The money check of the summary: what the processor's effects ledger and the tax engine's ledger
 * say was charged and filed, against what each activation asked for and what the BSS was told.
 * Pure: main reads the ledgers and rows, this decides.
 */

/** One entry of the processor's effects ledger (`GET /admin/effects`). */
export interface PaymentEffect {
  kind: string;
  payment_intent: string;
  /** The customer the intent is for: the activation's subscriber id. */
  customer: string;
  amount: number;
  /** Lower case, as the processor (Stripe-like) speaks it. */
  currency: string;
  /** The key the call was made under: an activation's are `handoff:act-…` (`paymentIdempotencyKey`). */
  idempotency_key: string | null;
}

/** The BSS's own payments (top-ups, renewals) charge the same customers; they are not activations'. */
const isActivationCapture = (e: PaymentEffect) =>
  e.kind === 'capture' && (e.idempotency_key ?? '').startsWith('handoff:act-');

/** One entry of the tax engine's ledger (`GET /admin/ledger`). */
export interface TaxLedgerEntry {
  effect: 'committed' | 'voided' | 'adjusted';
  documentCode: string;
  taxAmount: number;
}

export interface TaxDocumentView {
  documentCode: string;
  status: string;
  totals: { amount: number; taxAmount: number };
}

/** One activation as its row, its request and the BSS's inbox show it. */
export interface ActivationMoneyView {
  activationId: string;
  state: string;
  subscriberId: string | null;
  /** What the request charged before tax. */
  chargesMinor: number;
  /** What the saga authorized: charges plus tax (the row's `amount_minor`). */
  amountMinor: number | null;
  taxDocumentCode: string | null;
  /** `SubscriberActivated` as the BSS received it (more than one if it was delivered twice). */
  announced: { paymentIntentId: string | null; taxTransactionId: string | null }[];
  /** The amounts owed that `ActivationCaptureFailed` told the BSS, if it was told. */
  owedMinor: number[];
}

export interface MoneyCheck {
  /** Completed activations that were charged. */
  charged: number;
  chargesMinor: number;
  taxMinor: number;
  capturedMinor: number;
  filedTaxMinor: number;
  captures: number;
  commits: number;
  /** Customers (one per activation) the processor captured from more than once. */
  chargedTwice: string[];
  /** Tax documents the engine committed more than once. */
  committedTwice: string[];
  /** `act-…: why`, for each activation whose amounts do not agree to the cent. */
  unreconciled: string[];
}

export interface MoneyLedgers {
  effects: readonly PaymentEffect[];
  taxEntries: readonly TaxLedgerEntry[];
  documents: ReadonlyMap<string, TaxDocumentView>;
}

const repeated = (keys: readonly string[]) => {
  const seen = new Map<string, number>();
  for (const key of keys) seen.set(key, (seen.get(key) ?? 0) + 1);
  return [...seen].filter(([, n]) => n > 1).map(([key]) => key);
};

export function checkMoney(
  activations: readonly ActivationMoneyView[],
  ledgers: MoneyLedgers,
): MoneyCheck {
  const captures = ledgers.effects.filter(isActivationCapture);
  const commits = ledgers.taxEntries.filter((e) => e.effect === 'committed');
  const check: MoneyCheck = {
    charged: 0,
    chargesMinor: 0,
    taxMinor: 0,
    capturedMinor: 0,
    filedTaxMinor: 0,
    captures: captures.length,
    commits: commits.length,
    chargedTwice: repeated(captures.map((e) => e.customer)),
    committedTwice: repeated(commits.map((e) => e.documentCode)),
    unreconciled: [],
  };
  for (const a of activations) {
    const mine = {
      captures: captures.filter((e) => e.customer === a.subscriberId),
      commits: commits.filter((e) => e.documentCode === a.taxDocumentCode),
      document: a.taxDocumentCode ? ledgers.documents.get(a.taxDocumentCode) : undefined,
    };
    const problems =
      a.state === 'completed' && a.chargesMinor > 0
        ? chargedProblems(a, mine)
        : unchargedProblems(a, mine);
    check.unreconciled.push(...problems.map((p) => `${a.activationId}: ${p}`));
    if (a.state === 'completed' && a.chargesMinor > 0 && problems.length === 0) {
      check.charged += 1;
      check.chargesMinor += a.chargesMinor;
      check.taxMinor += mine.document!.totals.taxAmount;
      check.capturedMinor += mine.captures[0].amount;
      check.filedTaxMinor += mine.commits[0].taxAmount;
    }
  }
  return check;
}

interface Mine {
  captures: PaymentEffect[];
  commits: TaxLedgerEntry[];
  document: TaxDocumentView | undefined;
}

/** A charged activation that completed: charges + tax = authorized = captured once = filed once. */
function chargedProblems(a: ActivationMoneyView, mine: Mine): string[] {
  const doc = mine.document;
  if (!doc) return [`no tax document ${a.taxDocumentCode ?? '(none on the row)'}`];
  const problems: string[] = [];
  const owed = a.chargesMinor + doc.totals.taxAmount;
  if (doc.totals.amount !== a.chargesMinor)
    problems.push(`taxed ${doc.totals.amount} but charged ${a.chargesMinor}`);
  if (a.amountMinor !== owed) problems.push(`authorized ${a.amountMinor}, owed ${owed}`);
  if (mine.captures.length !== 1) problems.push(`${mine.captures.length} captures`);
  else if (mine.captures[0].amount !== owed || mine.captures[0].currency.toUpperCase() !== 'USD')
    problems.push(`captured ${mine.captures[0].amount} ${mine.captures[0].currency}, owed ${owed}`);
  if (mine.commits.length !== 1) problems.push(`tax committed ${mine.commits.length} times`);
  else if (mine.commits[0].taxAmount !== doc.totals.taxAmount)
    problems.push(`tax filed ${mine.commits[0].taxAmount}, documented ${doc.totals.taxAmount}`);
  if (a.announced.length === 0) problems.push('the BSS was not told it is active');
  const intent = mine.captures[0]?.payment_intent;
  if (
    a.announced.some((e) => e.paymentIntentId !== intent || e.taxTransactionId !== doc.documentCode)
  )
    problems.push('announced with other payment or tax ids than the vendors hold');
  if (a.owedMinor.some((amount) => amount !== owed))
    problems.push(`the BSS was told ${a.owedMinor.join(', ')} owed, not ${owed}`);
  return problems;
}

/** Free, rejected or failed: nothing captured, no tax filed. */
function unchargedProblems(a: ActivationMoneyView, mine: Mine): string[] {
  const problems: string[] = [];
  if (mine.captures.length > 0) problems.push(`${a.state} but captured ${mine.captures.length}x`);
  if (mine.commits.length > 0) problems.push(`${a.state} but tax filed`);
  const announcedMoney = a.announced.some((e) => e.paymentIntentId || e.taxTransactionId);
  if (a.state === 'completed' && announcedMoney) problems.push('free, yet announced as paid');
  return problems;
}

/** Cents as dollars: 123456 → $1,234.56. */
export const dollars = (minor: number): string =>
  `$${(minor / 100).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
