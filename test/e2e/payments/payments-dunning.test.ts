import { randomUUID } from 'node:crypto';
import {
  EventTypes,
  type PaymentCaptured,
  type PaymentDeclined,
  type SubscriberSuspensionRequested,
} from '@handoff/contracts';
import type { AutopayAttempt, DunningLedgerPort, DunningNext } from '@handoff/dunning';
import { Topics, type EventEnvelope } from '@handoff/messaging';
import { PaymentRequestFlow } from '@handoff/payment-requests';
import type { EntityManager } from 'typeorm';
import { TopicTap } from '../../support/backbone-harness';
import { bssPayment } from '../../support/payment-requests';
import { startPaymentsStack, type PaymentsStack } from '../../support/payments-stack';
import { waitFor } from '../../support/test-infra';

const RETRY_DELAYS_MS = [200, 400, 800, 1_500];
const DAY = 24 * 60 * 60_000;

/**
 * Dunning as its port promises, kept in memory: one retry a day after a soft decline, none after a
 * hard one or after the first retry; idempotent per (payment, attempt). It checks that it is called
 * inside a transaction, as the port says.
 */
class OneRetryDunning implements DunningLedgerPort {
  readonly recorded: AutopayAttempt[] = [];
  private readonly answers = new Map<string, DunningNext>();

  recordAttempt(db: EntityManager, attempt: AutopayAttempt): Promise<DunningNext> {
    if (!db.queryRunner?.isTransactionActive)
      throw new Error('recordAttempt outside a transaction');
    const key = `${attempt.paymentId}:${attempt.attempt}`;
    if (!this.answers.has(key)) {
      this.recorded.push(attempt);
      this.answers.set(key, this.next(attempt));
    }
    return Promise.resolve(this.answers.get(key)!);
  }

  private next(attempt: AutopayAttempt): DunningNext {
    if (attempt.result === 'captured') return { kind: 'settled' };
    if (attempt.result === 'hardDecline') return { kind: 'exhausted', reason: 'HARD_DECLINE' };
    if (attempt.attempt >= 1) return { kind: 'exhausted', reason: 'SCHEDULE_EXHAUSTED' };
    return { kind: 'retry', attempt: attempt.attempt + 1, at: attempt.at + DAY };
  }
}

describe('payments service: a declined autopay renewal through dunning (its port), on Kafka, PostgreSQL and the simulators', () => {
  const dunning = new OneRetryDunning();
  let stack: PaymentsStack;
  let flow: PaymentRequestFlow;
  let paymentTopic: TopicTap;
  let lifecycle: TopicTap;

  beforeAll(async () => {
    stack = await startPaymentsStack(RETRY_DELAYS_MS, dunning);
    flow = stack.service.get(PaymentRequestFlow);
    paymentTopic = await TopicTap.open(Topics.Payments, { fromNow: true });
    lifecycle = await TopicTap.open(Topics.SubscriberLifecycle, { fromNow: true });
  });
  afterAll(async () => {
    await paymentTopic?.close();
    await lifecycle?.close();
    await stack?.close();
  });

  const outcomes = <T extends { paymentId: string }>(type: string, paymentId: string) =>
    paymentTopic
      .eventsOfType(type)
      .filter((e) => (e.data as T).paymentId === paymentId) as EventEnvelope<T>[];
  const nth = <T extends { paymentId: string }>(type: string, paymentId: string, n = 0) =>
    waitFor(`${type} #${n + 1} of ${paymentId}`, () => outcomes<T>(type, paymentId)[n], 30_000);
  const kinds = async (subscriberId: string) =>
    (await stack.money.customerEffects(subscriberId)).map((e) => e.kind);

  /** A renewal on a card the issuer declines for now (soft), declined once and waiting for dunning. */
  async function softDeclinedRenewal() {
    const token = `pm_card_${randomUUID().replaceAll('-', '')}`;
    await stack.money.declineCard(token, 'insufficient_funds');
    const payment = bssPayment('autopayRenewal', { paymentMethodToken: token });
    await stack.bss.publishNow([payment]);
    const declined = await nth<PaymentDeclined>(EventTypes.PaymentDeclined, payment.data.paymentId);
    return { payment, token, declined: declined.data };
  }

  /** Dunning's runner: the due attempt inside the transaction that would hold its schedule row. */
  const runDueAttempt = (paymentId: string, subscriberId: string, attempt: number) =>
    stack.db.transaction((db) =>
      flow.performDueAttempt(db, { paymentId, subscriberId, attempt, dueAt: Date.now() }),
    );

  it('keeps the quote for the retry, then captures once under a key derived from the attempt', async () => {
    const { payment, token, declined } = await softDeclinedRenewal();
    const { paymentId, subscriberId, idempotencyKey } = payment.data;
    expect(declined).toMatchObject({
      retryable: true,
      dunningAttempt: 0,
      suspensionRequested: false,
      nextRetryAt: expect.any(Number),
    });
    expect((await stack.money.taxDocument(`PAY-${paymentId}`)).status).toBe('quoted');

    await stack.money.restoreCard(token);
    await runDueAttempt(paymentId, subscriberId, 1);
    const captured = await nth<PaymentCaptured>(EventTypes.PaymentCaptured, paymentId);

    expect(captured.data.idempotencyKey).toBe(`${idempotencyKey}:dunning:1`);
    expect(captured.subject).toBe(subscriberId);
    expect((await kinds(subscriberId)).filter((k) => k === 'capture')).toHaveLength(1);
    expect((await stack.money.taxLedger(`PAY-${paymentId}`)).map((e) => e.effect)).toEqual([
      'committed',
    ]);
    expect(
      dunning.recorded
        .filter((a) => a.paymentId === paymentId)
        .map((a) => `${a.attempt}:${a.result}`),
    ).toEqual(['0:softDecline', '1:captured']);
  });

  it('voids the quote and asks the BSS to suspend the subscriber once dunning runs out', async () => {
    const { payment } = await softDeclinedRenewal();
    const { paymentId, subscriberId } = payment.data;
    await runDueAttempt(paymentId, subscriberId, 1);
    const last = await nth<PaymentDeclined>(EventTypes.PaymentDeclined, paymentId, 1);

    expect(last.data).toMatchObject({
      dunningAttempt: 1,
      nextRetryAt: null,
      suspensionRequested: true,
    });
    const suspension = await waitFor('SubscriberSuspensionRequested', () =>
      lifecycle
        .eventsOfType(EventTypes.SubscriberSuspensionRequested)
        .find((e) => (e.data as SubscriberSuspensionRequested).paymentId === paymentId),
    );
    expect(suspension.subject).toBe(subscriberId);
    expect(suspension.data).toMatchObject({
      subscriberId,
      iccid: null,
      reasonCode: 'NON_PAYMENT',
      requestId: `dunning-suspension-${paymentId}`,
    });
    expect((await stack.money.taxDocument(`PAY-${paymentId}`)).status).toBe('voided');
    expect(await kinds(subscriberId)).not.toContain('capture');
  });

  it('rolls a due attempt back when the processor is down, so it stays due and charges once when run again', async () => {
    const { payment, token } = await softDeclinedRenewal();
    const { paymentId, subscriberId } = payment.data;
    await stack.money.restoreCard(token);
    await stack.money.setPaymentFaults({ endpoint: 'captureIntent', errorRate: 1 });
    await expect(runDueAttempt(paymentId, subscriberId, 1)).rejects.toMatchObject({
      errorClass: 'retryable',
    });
    const row = await stack.db.query<{ step: string; attempt: number }[]>(
      'SELECT step, attempt FROM payment_requests WHERE payment_id = $1',
      [paymentId],
    );
    expect(row[0]).toEqual({ step: 'dunning', attempt: 0 });

    await stack.money.clearPaymentFaults();
    await runDueAttempt(paymentId, subscriberId, 1);
    await nth(EventTypes.PaymentCaptured, paymentId);
    expect((await kinds(subscriberId)).filter((k) => k === 'capture')).toHaveLength(1);
  });
});
