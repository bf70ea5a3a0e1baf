import fc from 'fast-check';
import {
  EventTypes,
  type ActivationRequested,
  type Money,
  type SubscriberActivated,
  type TaxLine,
} from '@handoff/contracts';
import { Topics } from '@handoff/messaging';
import { chargedBssActivation, newIccid } from '../../support/activation-requests';
import { TopicTap } from '../../support/backbone-harness';
import type { TaxDocumentView } from '../../support/money-simulators-client';
import { sagaSuite } from '../../support/saga-stack';
import { waitFor } from '../../support/test-infra';

/**
 * How many random activations go through the saga: a few dozen by default, so CI stays well under a
 * minute; `MONEY_PROPERTY_RUNS=500` for a longer hunt. `MONEY_PROPERTY_SEED` replays a failed run
 * (its seed is in the failure message).
 */
const RUNS = Number(process.env.MONEY_PROPERTY_RUNS ?? 30);
const SEED = Number(process.env.MONEY_PROPERTY_SEED ?? Math.floor(Math.random() * 2 ** 31));
const RETRY_DELAYS_MS = [200, 400, 800, 1_500];

/** Places the tax engine covers, each with its own levels, rates and per-line fees. */
const PLACES = [
  { code: 'US-CA-SANFRANCISCO', city: 'San Francisco', state: 'CA', postalCode: '94105' },
  { code: 'US-WA-SEATTLE', city: 'Seattle', state: 'WA', postalCode: '98101' },
  { code: 'US-NY-NEWYORKCITY', city: 'New York', state: 'NY', postalCode: '10001' },
  { code: 'US-IL-CHICAGO', city: 'Chicago', state: 'IL', postalCode: '60601' },
  { code: 'US-CO-DENVER', city: 'Denver', state: 'CO', postalCode: '80202' },
] as const;
type Place = (typeof PLACES)[number];

interface Drawn {
  place: Place;
  charges: { chargeCode: string; amountMinor: number }[];
}

/** Cents where rounding bites (a few cents, odd half-cent products) and large amounts alike. */
const amountMinor = fc.oneof(
  fc.integer({ min: 1, max: 99 }),
  fc.integer({ min: 100, max: 20_000 }),
  fc.integer({ min: 20_001, max: 2_000_000 }),
);
const drawnActivation: fc.Arbitrary<Drawn> = fc.record({
  place: fc.constantFrom(...PLACES),
  charges: fc.array(
    fc.record({
      chargeCode: fc.constantFrom('ACTIVATION_FEE', 'PLAN_MONTHLY', 'PLAN_ADDON'),
      amountMinor,
    }),
    { minLength: 1, maxLength: 3 },
  ),
});

function requestFor(drawn: Drawn) {
  const request = chargedBssActivation(newIccid());
  const { place } = drawn;
  request.data.serviceAddress = {
    ...request.data.serviceAddress,
    city: place.city,
    county: null,
    stateOrProvince: place.state,
    postalCode: place.postalCode,
  };
  request.data.charges = drawn.charges.map((c): ActivationRequested['charges'][number] => ({
    chargeCode: c.chargeCode,
    description: c.chargeCode.toLowerCase(),
    amount: { amountMinor: c.amountMinor, currency: 'USD' },
  }));
  return request;
}

const sum = (values: readonly number[]) => values.reduce((total, v) => total + v, 0);

/** Each line of the document rounded on its own to whole cents, and every total its exact sum. */
function expectRoundedPerJurisdiction(document: TaxDocumentView): void {
  for (const line of document.lines) {
    for (const tax of line.taxes) {
      expect(Number.isSafeInteger(tax.taxAmount)).toBe(true);
      if (tax.rate === null) continue;
      // Within half a cent of the exact product: rounded once, on its own jurisdiction's line.
      const exact = tax.taxableAmount * Number(tax.rate);
      expect(Math.abs(tax.taxAmount - exact)).toBeLessThanOrEqual(0.5 + 1e-9 * Math.abs(exact));
    }
    expect(line.taxAmount).toBe(sum(line.taxes.map((t) => t.taxAmount)));
  }
  expect(document.totals.taxAmount).toBe(sum(document.lines.map((l) => l.taxAmount)));
}

/** What the money steps' events say about amounts, whatever their type. */
interface MoneyStep {
  orderId: string | null;
  amount?: Money;
  taxAmount?: Money;
  totalTax?: Money;
  taxableAmount?: Money;
  lines?: TaxLine[];
}

describe('money reconciles to the cent over random activations (property, over HTTP)', () => {
  const suite = sagaSuite(RETRY_DELAYS_MS, 1_000);
  let taps: TopicTap[] = [];

  beforeAll(async () => {
    taps = [
      await TopicTap.open(Topics.Tax, { fromNow: true }),
      await TopicTap.open(Topics.Payments, { fromNow: true }),
    ];
  });
  afterAll(() => Promise.all(taps.map((t) => t.close())));

  /** The activation's money step event of this type (tax or payment topic), if it arrived. */
  const stepOf = (type: string, activationId: string) =>
    taps
      .flatMap((t) => t.eventsOfType(type))
      .map((e) => e.data as MoneyStep)
      .filter((d) => d.orderId === activationId);

  it(`${RUNS} random activations: event, ledger, tax engine and processor agree to the cent`, async () => {
    const { bss, money, db } = suite.stack;
    const drawn = fc.sample(drawnActivation, { numRuns: RUNS, seed: SEED });
    const requests = drawn.map(requestFor);
    await bss.publishNow(requests);

    const activatedOf = (activationId: string) =>
      suite.lifecycle
        .eventsOfType(EventTypes.SubscriberActivated)
        .map((e) => e.data as SubscriberActivated)
        .find((d) => d.activationId === activationId);
    await waitFor(
      `${RUNS} activations completed (seed ${SEED})`,
      () => requests.every((r) => activatedOf(r.data.activationId)),
      30_000 + RUNS * 1_000,
    );

    for (const [i, request] of requests.entries()) {
      const context = `seed ${SEED}, activation ${i}: ${JSON.stringify(drawn[i])}`;
      try {
        const activated = activatedOf(request.data.activationId)!;
        const chargesMinor = sum(drawn[i].charges.map((c) => c.amountMinor));

        // The tax engine: one committed document for the place, its lines rounded per jurisdiction.
        const document = await money.taxDocument(activated.taxTransactionId!);
        expect(document).toMatchObject({ status: 'committed', currency: 'USD' });
        expect(document.jurisdiction.code).toBe(drawn[i].place.code);
        expect(document.lines.map((l) => l.amount)).toEqual(
          drawn[i].charges.map((c) => c.amountMinor),
        );
        expect(document.totals.amount).toBe(chargesMinor);
        expectRoundedPerJurisdiction(document);
        const taxMinor = document.totals.taxAmount;
        const totalMinor = chargesMinor + taxMinor;
        const filed = await money.taxLedger(document.documentCode);
        expect(filed.map((e) => [e.effect, e.taxAmount])).toEqual([['committed', taxMinor]]);

        // The event says what was charged: charges + tax = the total, all integer cents.
        expect(activated.amounts).toEqual({ chargesMinor, taxMinor, totalMinor, currency: 'USD' });

        // The processor held and captured exactly that, once.
        const effects = await money.paymentEffects(activated.paymentIntentId!);
        expect(effects.map((e) => [e.kind, e.amount, e.currency.toUpperCase()])).toEqual([
          ['authorization', totalMinor, 'USD'],
          ['capture', totalMinor, 'USD'],
        ]);

        // The money steps' events, once each, say the same amounts.
        const usd = (amountMinor: number) => ({ amountMinor, currency: 'USD' });
        const id = request.data.activationId;
        const once = async (type: string) => {
          await waitFor(`${type} of ${id}`, () => stepOf(type, id).length > 0);
          return stepOf(type, id);
        };
        for (const type of [EventTypes.TaxQuoted, EventTypes.TaxCommitted]) {
          const [taxed, ...more] = await once(type);
          expect(more).toEqual([]);
          expect(taxed.totalTax).toEqual(usd(taxMinor));
          expect(sum(taxed.lines!.map((l) => l.taxAmount.amountMinor))).toBe(taxMinor);
        }
        expect((await once(EventTypes.TaxQuoted))[0].taxableAmount).toEqual(usd(chargesMinor));
        for (const type of [EventTypes.PaymentAuthorized, EventTypes.PaymentCaptured]) {
          expect(await once(type)).toEqual([
            expect.objectContaining({ amount: usd(totalMinor), taxAmount: usd(taxMinor) }),
          ]);
        }

        // The saga's ledger rows and its row agree with all of them.
        const steps = await db.query<{ step: string; summary: Record<string, unknown> }[]>(
          `SELECT summary->>'step' AS step, summary FROM audit_ledger
            WHERE kind = 'saga-step' AND correlation_id = $1 AND outcome IN ('ok', 'completed')`,
          [request.id],
        );
        const summaryOf = (step: string) => steps.find((s) => s.step === step)?.summary;
        expect(summaryOf('taxQuote')).toMatchObject({ taxTotalMinor: taxMinor });
        expect(summaryOf('paymentAuthorization')).toMatchObject({ amountMinor: totalMinor });
        expect(summaryOf('paymentCapture')).toMatchObject({ amountMinor: totalMinor });
        const [row] = await db.query<Record<string, string>[]>(
          `SELECT amount_minor, tax_total_minor, currency, payment_status FROM activations
            WHERE activation_id = $1`,
          [request.data.activationId],
        );
        expect(row).toEqual({
          amount_minor: String(totalMinor),
          tax_total_minor: String(taxMinor),
          currency: 'USD',
          payment_status: 'captured',
        });
      } catch (error) {
        if (error instanceof Error) error.message = `${context}\n${error.message}`;
        throw error;
      }
    }
  });
});
