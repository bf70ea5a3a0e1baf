import { randomUUID } from 'node:crypto';
import {
  EventTypes,
  type PaymentAuthorized,
  type PaymentCaptured,
  type PaymentDeclined,
  type TaxCommitted,
  type TaxQuoted,
  type TaxVoided,
} from '@handoff/contracts';
import { DeadLetterOps } from '@handoff/dead-letters';
import { Topics, type EventEnvelope } from '@handoff/messaging';
import { loadOwnershipMatrix } from '@handoff/ownership';
import type { DataSource } from 'typeorm';
import {
  ACTIVATION_CHARGES,
  bssActivation,
  chargedBssActivation,
  newIccid,
} from '../../support/activation-requests';
import { TopicTap } from '../../support/backbone-harness';
import type { MoneySimulators } from '../../support/money-simulators-client';
import { sagaSuite } from '../../support/saga-stack';
import { waitFor } from '../../support/test-infra';

const RETRY_DELAYS_MS = [200, 400, 800, 1_500];
const CHARGES_MINOR = ACTIVATION_CHARGES.reduce((sum, c) => sum + c.amount.amountMinor, 0);

interface Announced {
  activationId: string;
  subscriberId: string;
  paymentIntentId: string | null;
  taxTransactionId: string | null;
  step?: string;
  reason?: { code: string; message: string };
  declineCategory?: string | null;
}

describe('activation saga with money: tax engine and payment processor over HTTP', () => {
  const suite = sagaSuite(RETRY_DELAYS_MS, 1_000);
  let money: MoneySimulators;
  let db: DataSource;
  let deadLetters: DeadLetterOps;
  let taxTopic: TopicTap;
  let paymentTopic: TopicTap;

  beforeAll(async () => {
    taxTopic = await TopicTap.open(Topics.Tax, { fromNow: true });
    paymentTopic = await TopicTap.open(Topics.Payments, { fromNow: true });
    ({ money, db } = suite.stack);
    deadLetters = new DeadLetterOps({
      backbone: suite.stack.bss,
      dataSource: db,
      ownership: loadOwnershipMatrix(),
      groups: [{ groupId: suite.stack.groupId, retryDelaysMs: RETRY_DELAYS_MS }],
    });
  });

  afterAll(async () => {
    await taxTopic?.close();
    await paymentTopic?.close();
  });

  /** A money step's events for the activation on its topic, with the Kafka key they went under. */
  const stepEvents = <T extends { orderId: string | null }>(
    tap: TopicTap,
    type: string,
    activationId: string,
  ) =>
    tap.records
      .filter((r) => r.headers.ce_type === type)
      .map((r) => ({ key: r.key, envelope: tap.eventsWithId(r.headers.ce_id)[0].envelope }))
      .filter(({ envelope }) => (envelope.data as T).orderId === activationId)
      .map(({ key, envelope }) => ({ key, ...(envelope as EventEnvelope<T>) }));
  /** Exactly one such event, once it has arrived; a second one within the settle time fails. */
  const theStepEvent = async <T extends { orderId: string | null }>(
    tap: TopicTap,
    type: string,
    activationId: string,
  ) => {
    await waitFor(
      `${type} of ${activationId}`,
      () => stepEvents<T>(tap, type, activationId).length > 0,
    );
    const events = stepEvents<T>(tap, type, activationId);
    expect(events).toHaveLength(1);
    return events[0];
  };
  const TAX_OWNER = { integrationPoint: 'handoff-to-tax-engine', ownerTeam: 'billing-ops' };
  const PAYMENT_OWNER = { integrationPoint: 'handoff-to-payment-processor', ownerTeam: 'payments' };

  const outcomeOf = async (activationId: string, type: string) =>
    (
      await waitFor(`${type} of ${activationId}`, () =>
        suite.lifecycle
          .eventsOfType(type)
          .find((e) => (e.data as Announced).activationId === activationId),
      )
    ).data as Announced;
  const row = async (activationId: string) =>
    (
      await db.query<
        {
          state: string;
          step: string;
          payment_intent_id: string | null;
          tax_document_code: string | null;
          amount_minor: string | null;
          payment_status: string | null;
          captured_at: Date | null;
        }[]
      >('SELECT * FROM activations WHERE activation_id = $1', [activationId])
    )[0];
  const effectsOf = async (intentId: string) =>
    (await money.paymentEffects(intentId)).map(
      // The processor speaks Stripe's lower-case currency codes.
      (e) => `${e.kind}:${e.amount}:${e.currency.toUpperCase()}`,
    );
  /** What the tax engine filed under a code: a quote voided before commit files nothing. */
  const filedTax = async (documentCode: string) =>
    (await money.taxLedger(documentCode)).filter((e) => e.effect !== 'voided' || e.taxAmount !== 0);

  it('quotes, authorizes, provisions, captures and commits once, and the amounts reconcile to the cent', async () => {
    const request = chargedBssActivation(newIccid());
    const { activationId } = request.data;
    await suite.stack.bss.publishNow([request]);

    const activated = await outcomeOf(activationId, EventTypes.SubscriberActivated);
    expect(activated.paymentIntentId).toEqual(expect.any(String));
    expect(activated.taxTransactionId).toBe(`ACT-${activationId}`);

    const document = await money.taxDocument(activated.taxTransactionId!);
    expect(document.status).toBe('committed');
    expect(document.totals.amount).toBe(CHARGES_MINOR);
    expect(document.totals.taxAmount).toBeGreaterThan(0);
    const total = CHARGES_MINOR + document.totals.taxAmount;
    expect(await effectsOf(activated.paymentIntentId!)).toEqual([
      `authorization:${total}:USD`,
      `capture:${total}:USD`,
    ]);
    const filed = await money.taxLedger(activated.taxTransactionId!);
    expect(filed).toEqual([
      expect.objectContaining({ effect: 'committed', taxAmount: document.totals.taxAmount }),
    ]);
    expect(await row(activationId)).toMatchObject({
      state: 'completed',
      step: 'completed',
      payment_intent_id: activated.paymentIntentId,
      tax_document_code: activated.taxTransactionId,
      amount_minor: String(total),
      payment_status: 'captured',
      // When the card was charged: the activation-to-first-bill KPI counts from it.
      captured_at: expect.any(Date),
    });

    // Each money step announced once on its vendor's topic, keyed by the subscriber, owned by the
    // vendor's integration point, with the amounts the engine and the processor hold.
    const { subscriberId } = activated;
    const usd = (amountMinor: number) => ({ amountMinor, currency: 'USD' });
    const taxTotal = usd(document.totals.taxAmount);
    const quoted = await theStepEvent<TaxQuoted>(taxTopic, EventTypes.TaxQuoted, activationId);
    expect(quoted).toMatchObject({ key: subscriberId, subject: subscriberId, ...TAX_OWNER });
    expect(quoted.data).toMatchObject({
      subjectId: subscriberId,
      subscriberId,
      taxQuoteId: `ACT-${activationId}`,
      purpose: 'activation',
      taxableAmount: usd(CHARGES_MINOR),
      totalTax: taxTotal,
    });
    const lineTaxes = quoted.data.lines.map((l) => l.taxAmount.amountMinor);
    expect(lineTaxes.reduce((sum, t) => sum + t, 0)).toBe(document.totals.taxAmount);

    const payment = {
      subjectId: subscriberId,
      paymentId: activationId,
      paymentIntentId: activated.paymentIntentId,
      purpose: 'activation',
      amount: usd(total),
      taxAmount: taxTotal,
    };
    const authorized = await theStepEvent<PaymentAuthorized>(
      paymentTopic,
      EventTypes.PaymentAuthorized,
      activationId,
    );
    expect(authorized).toMatchObject({ key: subscriberId, ...PAYMENT_OWNER });
    expect(authorized.data).toMatchObject({
      ...payment,
      idempotencyKey: `handoff:${activationId}:authorize:1`,
      taxQuoteId: `ACT-${activationId}`,
      state: 'authorized',
    });
    const captured = await theStepEvent<PaymentCaptured>(
      paymentTopic,
      EventTypes.PaymentCaptured,
      activationId,
    );
    expect(captured).toMatchObject({ key: subscriberId, ...PAYMENT_OWNER });
    expect(captured.data).toMatchObject({
      ...payment,
      idempotencyKey: `handoff:${activationId}:capture:1`,
      state: 'captured',
    });
    const committed = await theStepEvent<TaxCommitted>(
      taxTopic,
      EventTypes.TaxCommitted,
      activationId,
    );
    expect(committed).toMatchObject({ key: subscriberId, ...TAX_OWNER });
    expect(committed.data).toMatchObject({
      subjectId: subscriberId,
      taxQuoteId: `ACT-${activationId}`,
      taxTransactionId: activated.taxTransactionId,
      paymentIntentId: activated.paymentIntentId,
      jurisdictionCode: quoted.data.jurisdictionCode,
      totalTax: taxTotal,
      lines: quoted.data.lines,
    });
  });

  it('captures once and commits one document when the same activation is delivered twice', async () => {
    const request = chargedBssActivation(newIccid());
    const { activationId } = request.data;
    const again = { ...request, id: randomUUID() };
    await suite.stack.bss.publishNow([request]);
    const activated = await outcomeOf(activationId, EventTypes.SubscriberActivated);
    await suite.stack.bss.publishNow([again]);
    await waitFor('the second delivery consumed', async () => {
      const rows = await db.query<unknown[]>(
        `SELECT 1 FROM audit_ledger WHERE event_id = $1 AND kind = 'event-consumed'`,
        [again.id],
      );
      return rows.length > 0;
    });

    const effects = await effectsOf(activated.paymentIntentId!);
    expect(effects.filter((e) => e.startsWith('authorization:'))).toHaveLength(1);
    expect(effects.filter((e) => e.startsWith('capture:'))).toHaveLength(1);
    const filed = await money.taxLedger(activated.taxTransactionId!);
    expect(filed.map((e) => e.effect)).toEqual(['committed']);
    const announced = suite.lifecycle
      .eventsOfType(EventTypes.SubscriberActivated)
      .filter((e) => (e.data as Announced).activationId === activationId);
    expect(announced).toHaveLength(1);
    await theStepEvent(paymentTopic, EventTypes.PaymentCaptured, activationId);
    await theStepEvent(taxTopic, EventTypes.TaxCommitted, activationId);
  });

  it('rejects a declined card with PAYMENT_DECLINED and its category, voids the quote and captures nothing', async () => {
    const request = chargedBssActivation(newIccid(), 'pm_card_chargeDeclinedStolenCard');
    const { activationId } = request.data;
    await suite.stack.bss.publishNow([request]);

    const rejected = await outcomeOf(activationId, EventTypes.ActivationRejected);
    expect(rejected).toMatchObject({
      step: 'paymentAuthorization',
      reason: { code: 'PAYMENT_DECLINED' },
      declineCategory: 'hard',
    });
    expect(rejected.reason!.message).toContain('stolen_card');
    const document = await money.taxDocument(`ACT-${activationId}`);
    expect(document.status).toBe('voided');
    expect(await filedTax(`ACT-${activationId}`)).toEqual([]);
    expect(await row(activationId)).toMatchObject({ state: 'rejected', payment_status: null });
    expect(await suite.stack.mno.ordersFor(activationId)).toEqual([]);

    // The decline and the voided quote are announced to their owners; nothing was authorized.
    const { subscriberId } = rejected;
    const voided = await theStepEvent<TaxVoided>(taxTopic, EventTypes.TaxVoided, activationId);
    expect(voided).toMatchObject({ key: subscriberId, ...TAX_OWNER });
    expect(voided.data).toMatchObject({
      subjectId: subscriberId,
      taxQuoteId: `ACT-${activationId}`,
      taxTransactionId: null,
      totalTax: { amountMinor: document.totals.taxAmount, currency: 'USD' },
      reason: { code: 'ACTIVATION.COMPENSATED' },
    });
    const declined = await theStepEvent<PaymentDeclined>(
      paymentTopic,
      EventTypes.PaymentDeclined,
      activationId,
    );
    expect(declined).toMatchObject({ key: subscriberId, ...PAYMENT_OWNER });
    expect(declined.data).toMatchObject({
      paymentId: activationId,
      reason: { code: 'stolen_card' },
      retryable: false,
    });
    expect(stepEvents(paymentTopic, EventTypes.PaymentAuthorized, activationId)).toEqual([]);
  });

  it('voids the authorization and the tax document and announces ActivationFailed when the MNO fails the order', async () => {
    const request = chargedBssActivation(newIccid());
    const { activationId, iccid } = request.data;
    await suite.stack.mno.setFaults({ endpoint: 'createOrder', unknownIccids: [iccid] });
    await suite.stack.bss.publishNow([request]);

    const failed = await outcomeOf(activationId, EventTypes.ActivationFailed);
    expect(failed).toMatchObject({ reason: { code: 'MNO.ICCID_UNKNOWN' } });
    const state = await row(activationId);
    expect(state).toMatchObject({ state: 'failed', payment_status: 'voided' });
    const total = Number(state.amount_minor);
    expect(await effectsOf(state.payment_intent_id!)).toEqual([
      `authorization:${total}:USD`,
      `void:${total}:USD`,
    ]);
    expect((await money.taxDocument(`ACT-${activationId}`)).status).toBe('voided');
    expect(await filedTax(`ACT-${activationId}`)).toEqual([]);
    const voided = await theStepEvent<TaxVoided>(taxTopic, EventTypes.TaxVoided, activationId);
    expect(voided).toMatchObject({ key: failed.subscriberId, ...TAX_OWNER });
    expect(voided.data).toMatchObject({
      taxQuoteId: `ACT-${activationId}`,
      taxTransactionId: null,
    });
    expect(stepEvents(paymentTopic, EventTypes.PaymentCaptured, activationId)).toEqual([]);
  });

  it('flags the line unpaid, tells the BSS and dead-letters to payments when the capture after provisioning keeps failing', async () => {
    await money.setPaymentFaults({ endpoint: 'captureIntent', errorRate: 1 });
    const request = chargedBssActivation(newIccid());
    const { activationId } = request.data;
    await suite.stack.bss.publishNow([request]);

    const unpaid = await outcomeOf(activationId, EventTypes.ActivationCaptureFailed);
    expect(unpaid).toMatchObject({
      ownerTeam: 'payments',
      integrationPoint: 'handoff-to-payment-processor',
      reason: { code: 'PAYMENT.UNAVAILABLE' },
    });
    const letter = await waitFor('the dead letter of the capture', async () =>
      (await deadLetters.list({ group: suite.stack.groupId, status: 'open' })).items.find(
        (d) => d.eventId === request.id,
      ),
    );
    expect(letter.owner).toEqual({
      team: 'payments',
      integrationPoint: 'handoff-to-payment-processor',
    });
    const state = await row(activationId);
    expect(state).toMatchObject({ step: 'paymentCapture', payment_status: 'unpaid' });
    expect(await effectsOf(state.payment_intent_id!)).toEqual([
      `authorization:${state.amount_minor}:USD`,
    ]);
    expect(
      suite.lifecycle.eventsOfType(EventTypes.SubscriberActivated).map((e) => e.data),
    ).not.toContainEqual(expect.objectContaining({ activationId }));

    // Once the processor is fixed, the payments owner replays the dead letter: captured once, completed.
    await money.clearPaymentFaults();
    const report = await deadLetters.replay({
      refs: [letter.ref],
      reason: 'processor captures again',
      operator: { operatorId: 'test-payments-oncall' },
      settleMs: 500,
    });
    expect(report.counts.replayed).toBe(1);
    const activated = await outcomeOf(activationId, EventTypes.SubscriberActivated);
    expect(activated.paymentIntentId).toBe(state.payment_intent_id);
    expect(await effectsOf(state.payment_intent_id!)).toEqual([
      `authorization:${state.amount_minor}:USD`,
      `capture:${state.amount_minor}:USD`,
    ]);
    expect(await row(activationId)).toMatchObject({
      state: 'completed',
      payment_status: 'captured',
    });
    // The replay filed the tax once and announced the subscriber once.
    expect((await money.taxLedger(`ACT-${activationId}`)).map((e) => e.effect)).toEqual([
      'committed',
    ]);
    const announced = suite.lifecycle
      .eventsOfType(EventTypes.SubscriberActivated)
      .filter((e) => (e.data as Announced).activationId === activationId);
    expect(announced).toHaveLength(1);
  });

  it('rejects at validation an address that resolves to no tax jurisdiction, before any money moves', async () => {
    const request = chargedBssActivation(newIccid());
    request.data.serviceAddress = { ...request.data.serviceAddress, postalCode: '99999' };
    const { activationId } = request.data;
    await suite.stack.bss.publishNow([request]);

    const rejected = await outcomeOf(activationId, EventTypes.ActivationRejected);
    expect(rejected).toMatchObject({
      step: 'validation',
      reason: { code: 'TAX_JURISDICTION_NOT_FOUND' },
      invalidField: 'serviceAddress',
    });
    expect(await row(activationId)).toMatchObject({ state: 'rejected', tax_document_code: null });
  });

  it('activates without touching the processor when the request has no charges', async () => {
    const request = bssActivation(newIccid());
    await suite.stack.bss.publishNow([request]);
    const activated = await outcomeOf(request.data.activationId, EventTypes.SubscriberActivated);
    expect(activated).toMatchObject({ paymentIntentId: null, taxTransactionId: null });
  });
});
