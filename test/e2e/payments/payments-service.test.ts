import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  EventTypes,
  type PaymentCaptured,
  type PaymentDeclined,
  type PaymentRefunded,
  type PaymentRefundRejected,
} from '@handoff/contracts';
import {
  CARD_DATA_REFUSED,
  DeadLetterHeaders,
  Topics,
  type EventEnvelope,
  type NewEvent,
} from '@handoff/messaging';
import { TopicTap } from '../../support/backbone-harness';
import {
  holdsCardNumber,
  newCardNumber,
  spacedInFours,
  tablesHolding,
} from '../../support/card-numbers';
import { kcatProduceCloudEvent, requireKcat } from '../../support/kcat';
import { confluentAvro } from '../../support/outside-avro';
import { bssPayment, bssRefund, type PaymentKind } from '../../support/payment-requests';
import { startPaymentsStack, type PaymentsStack } from '../../support/payments-stack';
import { waitFor } from '../../support/test-infra';

const RETRY_DELAYS_MS = [200, 400, 800, 1_500];
const BSS_SOURCE = 'bss/acme-billing';

describe('payments service: top-ups, renewals and refunds over Kafka, the tax engine and the processor over HTTP', () => {
  let stack: PaymentsStack;
  let paymentTopic: TopicTap;
  let scratch: string;

  beforeAll(async () => {
    await requireKcat();
    scratch = mkdtempSync(join(tmpdir(), 'handoff-payments-'));
    stack = await startPaymentsStack(RETRY_DELAYS_MS);
    paymentTopic = await TopicTap.open(Topics.Payments, { fromNow: true });
  });
  afterAll(async () => {
    await paymentTopic?.close();
    await stack?.close();
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });
  afterEach(async () => {
    await stack.money.clearPaymentFaults();
  });

  /** Publishes as the BSS's own client does: kcat, Avro bytes from the published schema. */
  async function publishWithKcat(event: NewEvent): Promise<string> {
    const { eventId } = await kcatProduceCloudEvent(scratch, {
      topic: Topics.Payments,
      key: event.subject,
      type: event.type,
      source: BSS_SOURCE,
      value: confluentAvro(event.type, event.data),
    });
    return eventId;
  }

  const outcomes = <T extends { paymentId: string }>(type: string, paymentId: string) =>
    paymentTopic
      .eventsOfType(type)
      .filter((e) => (e.data as T).paymentId === paymentId) as EventEnvelope<T>[];
  const outcome = <T extends { paymentId: string }>(type: string, paymentId: string) =>
    waitFor(`${type} of ${paymentId}`, () => outcomes<T>(type, paymentId)[0], 30_000);
  /** What the processor did to the subscriber's money, in order: `kind:amount`. */
  const effectsOf = async (subscriberId: string) =>
    (await stack.money.customerEffects(subscriberId)).map((e) => `${e.kind}:${e.amount}`);
  const filed = async (documentCode: string) =>
    (await stack.money.taxLedger(documentCode)).map((e) => `${e.effect}:${e.taxAmount}`);

  /** Publishes with Handoff's own producer, where who published does not matter. */
  const bssClient = (event: NewEvent) => stack.bss.publishNow([event]);

  async function captured(
    purpose: PaymentKind,
    publish: (event: NewEvent) => Promise<unknown> = publishWithKcat,
  ) {
    const payment = bssPayment(purpose);
    await publish(payment);
    const event = await outcome<PaymentCaptured>(
      EventTypes.PaymentCaptured,
      payment.data.paymentId,
    );
    return { payment, event, captured: event.data };
  }

  /**
   * Waits until everything published for the subscriber before now has been handled: a refund of
   * an unknown payment, on the same key, is answered only after the records ahead of it.
   */
  async function handledSoFar(subscriberId: string) {
    const sentinel = bssRefund({ paymentId: `unknown-${Date.now()}`, subscriberId });
    await stack.bss.publishNow([sentinel]);
    await outcome<PaymentRefundRejected>(EventTypes.PaymentRefundRejected, sentinel.data.paymentId);
  }

  it.each([
    ['topUp', 'TOP_UP'],
    ['autopayRenewal', 'AUTOPAY_RENEWAL'],
  ] as const)(
    'captures a %s the BSS published with its own client: charge plus tax once, the tax document committed once, the tax lines announced',
    async (purpose, chargeCode) => {
      const { payment, event, captured: data } = await captured(purpose);
      const { subscriberId, paymentId } = payment.data;

      const taxMinor = data.taxLines.reduce((sum, l) => sum + l.taxAmount.amountMinor, 0);
      expect(taxMinor).toBeGreaterThan(0);
      expect(data).toMatchObject({
        subscriberId,
        purpose,
        idempotencyKey: payment.data.idempotencyKey,
        amount: { amountMinor: 2_000 + taxMinor, currency: 'USD' },
        taxAmount: { amountMinor: taxMinor, currency: 'USD' },
        taxDocumentCode: `PAY-${paymentId}`,
        state: 'captured',
      });
      expect(data.taxLines.every((l) => l.chargeCode === chargeCode)).toBe(true);
      expect(event.subject).toBe(subscriberId);
      expect(await effectsOf(subscriberId)).toEqual([
        `authorization:${2_000 + taxMinor}`,
        `capture:${2_000 + taxMinor}`,
      ]);
      expect(await filed(`PAY-${paymentId}`)).toEqual([`committed:${taxMinor}`]);
      // When the card was charged: the activation-to-first-bill KPI counts from it.
      const [row] = await stack.db.query<{ captured_at: Date | null }[]>(
        'SELECT captured_at FROM payment_requests WHERE payment_id = $1',
        [paymentId],
      );
      expect(row?.captured_at).toEqual(expect.any(Date));
    },
  );

  it('taxes a renewal as a month of the plan (its 911 fee) and a top-up as a prepaid recharge', async () => {
    const renewal = await captured('autopayRenewal', bssClient);
    const topUp = await captured('topUp', bssClient);
    const categories = (lines: PaymentCaptured['taxLines']) => lines.map((l) => l.category);
    expect(categories(renewal.captured.taxLines)).toContain('e911Fee');
    expect(topUp.captured.taxLines.map((l) => l.taxCode)).toContain('Prepaid Wireless 911 Fee');
  });

  it('refunds part of a top-up then all that is left, each with its tax reversed, and the same refund request again refunds nothing', async () => {
    const { payment, captured: data } = await captured('topUp', bssClient);
    const { subscriberId, paymentId } = payment.data;
    const part = bssRefund(payment.data, 500);
    await publishWithKcat(part);
    const first = (await outcome<PaymentRefunded>(EventTypes.PaymentRefunded, paymentId)).data;
    const rest = bssRefund(payment.data);
    await publishWithKcat(rest);
    await waitFor('the second refund', () => outcomes(EventTypes.PaymentRefunded, paymentId)[1]);
    // The first request again, as the BSS might resend it: nothing more is paid back.
    await stack.bss.publishNow([{ ...part, id: undefined }]);
    await handledSoFar(subscriberId);

    const refunds = outcomes<PaymentRefunded>(EventTypes.PaymentRefunded, paymentId).map(
      (e) => e.data,
    );
    expect(refunds).toHaveLength(2);
    const [, second] = refunds;
    expect(first).toMatchObject({
      refundRequestId: part.data.refundRequestId,
      idempotencyKey: part.data.idempotencyKey,
      state: 'partiallyRefunded',
      reason: { code: 'CARE.GOODWILL' },
    });
    expect(second).toMatchObject({ refundRequestId: rest.data.refundRequestId, state: 'refunded' });
    for (const refund of refunds) {
      const reversed = refund.taxLines.reduce((sum, l) => sum + l.taxAmount.amountMinor, 0);
      expect(reversed).toBe(-refund.taxAmount!.amountMinor);
      expect(refund.taxLines.every((l) => l.taxAmount.amountMinor <= 0)).toBe(true);
    }
    expect(first.amount.amountMinor).toBe(500 + first.taxAmount!.amountMinor);
    // Never more back than was charged: the last refund takes what is left of the capture.
    const total = data.amount.amountMinor;
    expect(first.amount.amountMinor + second.amount.amountMinor).toBeLessThanOrEqual(total);
    expect(first.amount.amountMinor + second.amount.amountMinor).toBeGreaterThanOrEqual(total - 1);
    expect(await effectsOf(subscriberId)).toEqual([
      `authorization:${total}`,
      `capture:${total}`,
      `refund:${first.amount.amountMinor}`,
      `refund:${second.amount.amountMinor}`,
    ]);
    expect(await filed(`PAY-${paymentId}`)).toEqual([
      `committed:${data.taxAmount.amountMinor}`,
      `adjusted:${-first.taxAmount!.amountMinor}`,
      `adjusted:${-second.taxAmount!.amountMinor}`,
    ]);
  });

  it('rejects a refund of an unknown payment, of a declined one and of more than is left, moving no money', async () => {
    const { payment } = await captured('topUp', bssClient);
    const declined = bssPayment('topUp', {
      subscriberId: payment.data.subscriberId,
      paymentMethodToken: 'pm_card_chargeDeclinedStolenCard',
    });
    await stack.bss.publishNow([declined]);
    await outcome(EventTypes.PaymentDeclined, declined.data.paymentId);
    const requests = [
      bssRefund({ ...payment.data, paymentId: 'pay-never-requested' }),
      bssRefund(declined.data),
      bssRefund(payment.data, 2_001),
    ];
    for (const request of requests) await publishWithKcat(request);

    const codes = await Promise.all(
      requests.map(async (r) => {
        const rejected = await outcome<PaymentRefundRejected>(
          EventTypes.PaymentRefundRejected,
          r.data.paymentId,
        );
        return rejected.data.reason.code;
      }),
    );
    expect(codes).toEqual([
      'REFUND.PAYMENT_UNKNOWN',
      'REFUND.NOT_CAPTURED',
      'REFUND.EXCEEDS_REFUNDABLE',
    ]);
    expect((await effectsOf(payment.data.subscriberId)).map((e) => e.split(':')[0])).toEqual([
      'authorization',
      'capture',
    ]);
  });

  it.each([
    ['soft', 'pm_card_chargeDeclinedInsufficientFunds', 'insufficient_funds', true],
    ['hard', 'pm_card_chargeDeclinedStolenCard', 'stolen_card', false],
  ] as const)(
    'declines a top-up the issuer declines (%s): the quote voided, nothing charged, not dunned',
    async (_, token, code, retryable) => {
      const payment = bssPayment('topUp', { paymentMethodToken: token });
      await publishWithKcat(payment);
      const { paymentId, subscriberId } = payment.data;
      const declined = await outcome<PaymentDeclined>(EventTypes.PaymentDeclined, paymentId);

      expect(declined.data).toMatchObject({
        reason: { code },
        retryable,
        dunningAttempt: 0,
        nextRetryAt: null,
        suspensionRequested: false,
        taxDocumentCode: `PAY-${paymentId}`,
      });
      expect(declined.data.taxLines.length).toBeGreaterThan(0);
      expect((await stack.money.taxDocument(`PAY-${paymentId}`)).status).toBe('voided');
      expect(await filed(`PAY-${paymentId}`)).toEqual(['voided:0']);
      expect((await effectsOf(subscriberId)).filter((e) => !e.startsWith('authorization'))).toEqual(
        [],
      );
    },
  );

  it('charges once when the same payment request is delivered twice and sent again under a new event id', async () => {
    const payment = bssPayment('topUp');
    const { subscriberId, paymentId } = payment.data;
    await stack.bss.publishNow([payment, payment, { ...payment, id: undefined }]);
    await outcome(EventTypes.PaymentCaptured, paymentId);
    await handledSoFar(subscriberId);

    expect(outcomes(EventTypes.PaymentCaptured, paymentId)).toHaveLength(1);
    const effects = await effectsOf(subscriberId);
    expect(effects.map((e) => e.split(':')[0])).toEqual(['authorization', 'capture']);
    expect((await filed(`PAY-${paymentId}`)).map((e) => e.split(':')[0])).toEqual(['committed']);
  });

  it('dead-letters a payment whose capture keeps failing to the payments owner, and a replay charges it once', async () => {
    await stack.money.setPaymentFaults({ endpoint: 'captureIntent', errorRate: 1 });
    const payment = bssPayment('autopayRenewal');
    const { subscriberId, paymentId } = payment.data;
    await stack.bss.publishNow([payment]);
    const letter = await waitFor(
      'the dead letter of the payment',
      async () =>
        (await stack.deadLetters.list({ group: stack.groupId, status: 'open' })).items.find(
          (d) => d.eventId === payment.id,
        ),
      60_000,
    );
    expect(letter.owner).toEqual({
      team: 'payments',
      integrationPoint: 'handoff-to-payment-processor',
    });
    expect((await effectsOf(subscriberId)).map((e) => e.split(':')[0])).toEqual(['authorization']);

    await stack.money.clearPaymentFaults();
    const report = await stack.deadLetters.replay({
      refs: [letter.ref],
      reason: 'processor captures again',
      operator: { operatorId: 'test-payments-oncall' },
      settleMs: 500,
    });
    expect(report.counts.replayed).toBe(1);
    await outcome(EventTypes.PaymentCaptured, paymentId);
    await handledSoFar(subscriberId);
    expect(outcomes(EventTypes.PaymentCaptured, paymentId)).toHaveLength(1);
    expect((await effectsOf(subscriberId)).map((e) => e.split(':')[0])).toEqual([
      'authorization',
      'capture',
    ]);
    expect((await filed(`PAY-${paymentId}`)).map((e) => e.split(':')[0])).toEqual(['committed']);
  });

  it('refuses a card number typed into a refund reason or a service address: CARD_DATA_REFUSED, no money moved, stored nowhere', async () => {
    const pan = newCardNumber();
    const dlt = await TopicTap.open(`${stack.groupId}.dlt`, { fromNow: true });
    try {
      const { payment, captured: charged } = await captured('topUp');
      const total = charged.amount.amountMinor;
      const refund = bssRefund(payment.data);
      refund.data.reason = { code: 'CARE.GOODWILL', message: `card ${spacedInFours(pan)}` };
      const topUp = bssPayment('topUp');
      topUp.data.serviceAddress = { ...topUp.data.serviceAddress, line2: `card ${pan}` };
      const refused = [await publishWithKcat(refund), await publishWithKcat(topUp)];

      const letters = await waitFor('both dead letters', () => {
        const found = refused.flatMap((id) => dlt.eventsWithId(id));
        return found.length === 2 ? found : undefined;
      });
      for (const letter of letters) {
        expect(letter.record.headers[DeadLetterHeaders.errorCode]).toBe(CARD_DATA_REFUSED);
        expect(holdsCardNumber(letter.record.value, pan)).toBe(false);
      }
      expect(await effectsOf(payment.data.subscriberId)).toEqual([
        `authorization:${total}`,
        `capture:${total}`,
      ]);
      expect(await effectsOf(topUp.data.subscriberId)).toEqual([]);
      // The BSS's own records hold it; none that Handoff wrote does.
      const handoffs = paymentTopic.records.filter((r) => !refused.includes(r.headers.ce_id));
      expect(handoffs.filter((r) => holdsCardNumber(r.value, pan))).toEqual([]);
      expect(await tablesHolding(stack.db, pan)).toEqual([]);
    } finally {
      await dlt.close();
    }
  });
});
