import { randomUUID } from 'node:crypto';
import { EventTypes, type PaymentAuthorized, type PaymentCaptured } from '@handoff/contracts';
import { Topics } from '@handoff/messaging';
import type { DataSource } from 'typeorm';
import { chargedBssActivation, newIccid } from '../../support/activation-requests';
import { TopicTap } from '../../support/backbone-harness';
import type { MoneySimulators, PaymentEffect } from '../../support/money-simulators-client';
import { AUTHORIZATION_RENEW_MARGIN_MS, sagaSuite } from '../../support/saga-stack';
import { waitFor } from '../../support/test-infra';

const RETRY_DELAYS_MS = [200, 400, 800, 1_500];
/** Holds lapse sooner than the MNO completes an order: an activation outlasts its first hold. */
const AUTHORIZATION_TTL_MS = 2 * AUTHORIZATION_RENEW_MARGIN_MS;
const ORDER_COMPLETION_MS = 7_000;

interface SagaRow {
  state: string;
  step: string;
  mno_order_id: string | null;
  payment_intent_id: string | null;
  payment_status: string | null;
  authorization_round: number | null;
  amount_minor: string;
  reason_code: string | null;
}

describe('activation saga: a payment authorization renewed before it lapses (simulators over HTTP)', () => {
  const suite = sagaSuite(RETRY_DELAYS_MS, 1_000);
  let money: MoneySimulators;
  let db: DataSource;
  let paymentTopic: TopicTap;

  beforeAll(async () => {
    paymentTopic = await TopicTap.open(Topics.Payments, { fromNow: true });
    ({ money, db } = suite.stack);
    await money.setAuthorizationTtl(AUTHORIZATION_TTL_MS);
    await suite.stack.mno.setCompletionDelay(ORDER_COMPLETION_MS);
  });
  afterAll(() => paymentTopic?.close());
  /** The activation's payment events of this type on the payment topic, in order. */
  const paymentEvents = <T extends { orderId: string | null }>(
    type: string,
    activationId: string,
  ) =>
    paymentTopic
      .eventsOfType(type)
      .map((e) => e.data as T)
      .filter((d) => d.orderId === activationId);
  const row = async (activationId: string) =>
    (
      await db.query<SagaRow[]>('SELECT * FROM activations WHERE activation_id = $1', [
        activationId,
      ])
    )[0];
  /** The processor's effects on the customer's money, per intent, in order. */
  const effectsByIntent = async (customerId: string) => {
    const byIntent = new Map<string, string[]>();
    for (const e of await money.customerEffects(customerId)) {
      byIntent.set(e.payment_intent, [...(byIntent.get(e.payment_intent) ?? []), line(e)]);
    }
    return byIntent;
  };
  const line = (e: PaymentEffect) => `${e.kind}:${e.amount}`;
  /** The activation's event of this type, once the saga announced it (orders take seconds). */
  const outcome = (type: string, activationId: string) =>
    waitFor(
      type,
      () =>
        suite.lifecycle
          .eventsOfType(type)
          .find((e) => (e.data as { activationId: string }).activationId === activationId),
      30_000,
    );
  /** The saga's ledger of the activation's renewals: `ok` or `declined`, in order. */
  const renewals = async (activationId: string) =>
    (
      await db.query<{ outcome: string }[]>(
        `SELECT outcome FROM audit_ledger
          WHERE kind = 'saga-step' AND summary->>'step' = 'paymentReauthorization'
            AND correlation_id = (SELECT correlation_id FROM activations WHERE activation_id = $1)
          ORDER BY id`,
        [activationId],
      )
    ).map((r) => r.outcome);

  it('renews a hold that would lapse while the MNO order is pending, captures the new hold once and voids the old one', async () => {
    const request = chargedBssActivation(newIccid());
    const { activationId, subscriberId } = request.data;
    await suite.stack.bss.publishNow([request]);

    const activated = await outcome(EventTypes.SubscriberActivated, activationId);
    const done = await row(activationId);
    const total = Number(done.amount_minor);
    expect(done).toMatchObject({ state: 'completed', payment_status: 'captured' });
    expect(done.authorization_round).toBeGreaterThanOrEqual(2);
    expect((activated.data as { paymentIntentId: string }).paymentIntentId).toBe(
      done.payment_intent_id,
    );

    const byIntent = await effectsByIntent(subscriberId!);
    expect(byIntent.size).toBe(done.authorization_round);
    expect(byIntent.get(done.payment_intent_id!)).toEqual([
      `authorization:${total}`,
      `capture:${total}`,
    ]);
    // Every earlier hold was voided before it lapsed, and none was captured.
    byIntent.delete(done.payment_intent_id!);
    for (const effects of byIntent.values()) {
      expect(effects).toEqual([`authorization:${total}`, `void:${total}`]);
    }
    expect(await renewals(activationId)).toEqual(
      Array.from({ length: done.authorization_round! - 1 }, () => 'ok'),
    );

    // Each hold was announced under its round's key; the capture names the last one.
    const captured = await waitFor('PaymentCaptured', () =>
      paymentEvents<PaymentCaptured>(EventTypes.PaymentCaptured, activationId).at(0),
    );
    expect(captured).toMatchObject({
      paymentIntentId: done.payment_intent_id,
      idempotencyKey: `handoff:${activationId}:capture:${done.authorization_round}`,
      amount: { amountMinor: total },
    });
    const holds = paymentEvents<PaymentAuthorized>(EventTypes.PaymentAuthorized, activationId);
    expect(holds.map((h) => h.idempotencyKey)).toEqual(
      Array.from(
        { length: done.authorization_round! },
        (_, i) => `handoff:${activationId}:authorize:${i + 1}`,
      ),
    );
    expect(holds.at(-1)!.paymentIntentId).toBe(done.payment_intent_id);
  });

  it('flags the line unpaid and tells the BSS when the renewal is declined with the order out and the hold lapses', async () => {
    const card = `pm_card_${randomUUID().replaceAll('-', '')}`;
    const request = chargedBssActivation(newIccid(), card);
    const { activationId, subscriberId } = request.data;
    await suite.stack.bss.publishNow([request]);
    // The order is out and cannot be recalled; from now on the issuer refuses this card.
    await waitFor('the MNO order placed', async () =>
      Boolean((await row(activationId))?.mno_order_id),
    );
    await money.declineCard(card, 'insufficient_funds');

    const unpaid = await outcome(EventTypes.ActivationCaptureFailed, activationId);
    expect(unpaid.data).toMatchObject({
      ownerTeam: 'payments',
      reason: { code: 'PAYMENT.AUTHORIZATION_EXPIRED' },
    });
    expect(await row(activationId)).toMatchObject({
      step: 'paymentCapture',
      payment_status: 'unpaid',
    });
    const effects = [...(await effectsByIntent(subscriberId!)).values()].flat();
    expect(effects.filter((e) => e.startsWith('capture:'))).toEqual([]);
    expect(await renewals(activationId)).toContain('declined');
  });
});
