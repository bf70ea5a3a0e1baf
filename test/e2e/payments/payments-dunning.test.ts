import { randomUUID } from 'node:crypto';
import {
  EventTypes,
  type PaymentCaptured,
  type PaymentDeclined,
  type SubscriberSuspensionRequested,
} from '@handoff/contracts';
import { Topics, type EventEnvelope } from '@handoff/messaging';
import { TopicTap } from '../../support/backbone-harness';
import { bssPayment } from '../../support/payment-requests';
import { startPaymentsStack, type PaymentsStack } from '../../support/payments-stack';
import { waitFor } from '../../support/test-infra';

const RETRY_DELAYS_MS = [200, 400, 800, 1_500];
/** One dunning day lasts a quarter of a real second: a schedule of days runs in seconds. */
const DAY_LASTS_MS = 250;
const CLOCK_SCALE = String((24 * 60 * 60_000) / DAY_LASTS_MS);

/** Dunning as the service runs it, with a scaled clock and a runner that looks every 50 ms. */
const dunningEnv = (schedule: string, cap: string) => ({
  DUNNING_RETRY_AFTER: schedule,
  DUNNING_CARD_NETWORK_CAP: cap,
  DUNNING_CLOCK_SCALE: CLOCK_SCALE,
  DUNNING_POLL_INTERVAL_MS: '50',
});

interface Schedule {
  state: string;
  exhaustion_reason: string | null;
  next_attempt: number;
}

/**
 * The BSS's view of dunning: its renewal declined, the outcome of each retry, and the suspension
 * request when dunning gives up, all published by the payments service's own dunning runner
 * (real schedule in PostgreSQL, real processor simulator over HTTP).
 */
class DunningWatch {
  readonly payments: TopicTap;
  readonly lifecycle: TopicTap;

  private constructor(payments: TopicTap, lifecycle: TopicTap) {
    this.payments = payments;
    this.lifecycle = lifecycle;
  }

  static async open(): Promise<DunningWatch> {
    return new DunningWatch(
      await TopicTap.open(Topics.Payments, { fromNow: true }),
      await TopicTap.open(Topics.SubscriberLifecycle, { fromNow: true }),
    );
  }

  outcomes<T extends { paymentId: string }>(type: string, paymentId: string): EventEnvelope<T>[] {
    return this.payments
      .eventsOfType(type)
      .filter((e) => (e.data as T).paymentId === paymentId) as EventEnvelope<T>[];
  }

  /** The attempts declined, in the order announced: `[0, 1, 2]` is the request and two retries. */
  declinedAttempts(paymentId: string): number[] {
    return this.outcomes<PaymentDeclined>(EventTypes.PaymentDeclined, paymentId).map(
      (e) => e.data.dunningAttempt,
    );
  }

  /**
   * Once dunning gave up: the last decline and the suspension request are one commit published on
   * two topics, so either may be heard first; this waits for both.
   */
  async gaveUp(paymentId: string): Promise<EventEnvelope<SubscriberSuspensionRequested>> {
    await waitFor(
      `the last decline of ${paymentId}`,
      () =>
        this.outcomes<PaymentDeclined>(EventTypes.PaymentDeclined, paymentId).some(
          (e) => e.data.suspensionRequested,
        ),
      60_000,
    );
    return waitFor(`the suspension request for ${paymentId}`, () => this.suspensions(paymentId)[0]);
  }

  suspensions(paymentId: string): EventEnvelope<SubscriberSuspensionRequested>[] {
    return this.lifecycle
      .eventsOfType(EventTypes.SubscriberSuspensionRequested)
      .filter(
        (e) => (e.data as SubscriberSuspensionRequested).paymentId === paymentId,
      ) as EventEnvelope<SubscriberSuspensionRequested>[];
  }

  close(): Promise<void> {
    return Promise.all([this.payments.close(), this.lifecycle.close()]).then(() => undefined);
  }
}

async function scheduleOf(stack: PaymentsStack, paymentId: string): Promise<Schedule | undefined> {
  const [row] = await stack.db.query<Schedule[]>(
    'SELECT state, exhaustion_reason, next_attempt FROM dunning_schedules WHERE payment_id = $1',
    [paymentId],
  );
  return row;
}

/** A renewal on a card of its own that the issuer declines for now (soft) or for good (hard). */
async function declinedRenewal(stack: PaymentsStack, declineCode: string, amountMinor = 2_000) {
  const token = `pm_card_${randomUUID().replaceAll('-', '')}`;
  await stack.money.declineCard(token, declineCode);
  const payment = bssPayment('autopayRenewal', { paymentMethodToken: token, amountMinor });
  await stack.bss.publishNow([payment]);
  return { payment: payment.data, token };
}

const endedSchedule = (stack: PaymentsStack, paymentId: string) =>
  waitFor(
    `dunning schedule of ${paymentId} ended`,
    async () => {
      const schedule = await scheduleOf(stack, paymentId);
      return schedule && schedule.state !== 'scheduled' ? schedule : undefined;
    },
    60_000,
  );

describe('payments service: dunning a declined autopay renewal on its schedule (1d, 3d, 7d on a scaled clock), on Kafka, PostgreSQL and the simulators', () => {
  let stack: PaymentsStack;
  let watch: DunningWatch;

  beforeAll(async () => {
    stack = await startPaymentsStack(RETRY_DELAYS_MS, dunningEnv('1d,3d,7d', '15/30d'));
    watch = await DunningWatch.open();
  });
  afterAll(async () => {
    await watch?.close();
    await stack?.close();
  });

  it('retries a soft decline on each day of the schedule, each attempt under its own key, then asks the BSS to suspend the subscriber', async () => {
    const { payment } = await declinedRenewal(stack, 'insufficient_funds');
    const { paymentId, subscriberId } = payment;

    const suspension = await watch.gaveUp(paymentId);
    const declined = watch.outcomes<PaymentDeclined>(EventTypes.PaymentDeclined, paymentId);
    expect(declined.map((e) => e.data.dunningAttempt)).toEqual([0, 1, 2, 3]);
    expect(declined.map((e) => e.data.idempotencyKey)).toEqual([
      payment.idempotencyKey,
      `${payment.idempotencyKey}:dunning:1`,
      `${payment.idempotencyKey}:dunning:2`,
      `${payment.idempotencyKey}:dunning:3`,
    ]);
    expect(declined.map((e) => e.data.suspensionRequested)).toEqual([false, false, false, true]);
    // Each retry is due a schedule delay after the attempt before it (docs/dunning.md), and runs
    // no earlier than that.
    const DAY = 24 * 60 * 60_000;
    const announced = declined.slice(0, 3).map((e) => e.data);
    expect(announced.map((d) => (d.nextRetryAt! - d.declinedAt) / DAY)).toEqual([1, 3, 7]);
    announced.forEach((d, i) =>
      expect(declined[i + 1].data.declinedAt).toBeGreaterThanOrEqual(d.nextRetryAt!),
    );
    expect(declined.at(-1)!.data.nextRetryAt).toBeNull();

    expect(suspension.subject).toBe(subscriberId);
    expect(suspension.data).toMatchObject({ subscriberId, iccid: null, reasonCode: 'NON_PAYMENT' });
    expect(await scheduleOf(stack, paymentId)).toMatchObject({
      state: 'exhausted',
      exhaustion_reason: 'SCHEDULE_EXHAUSTED',
    });
    expect((await stack.money.taxDocument(`PAY-${paymentId}`)).status).toBe('voided');
    expect(await stack.money.customerEffects(subscriberId)).toEqual([]);
  });

  it('captures once on the retry after the customer fixes the card, and stops dunning', async () => {
    const { payment, token } = await declinedRenewal(stack, 'insufficient_funds');
    const { paymentId, subscriberId } = payment;
    await waitFor('the first decline', () => watch.declinedAttempts(paymentId)[0] === 0);
    await stack.money.restoreCard(token);

    const captured = await waitFor(
      'PaymentCaptured',
      () => watch.outcomes<PaymentCaptured>(EventTypes.PaymentCaptured, paymentId)[0],
      30_000,
    );
    expect(captured.data.idempotencyKey).toBe(`${payment.idempotencyKey}:dunning:1`);
    expect(await endedSchedule(stack, paymentId)).toMatchObject({ state: 'settled' });
    const kinds = (await stack.money.customerEffects(subscriberId)).map((e) => e.kind);
    expect(kinds.filter((k) => k === 'capture')).toHaveLength(1);
    expect(watch.declinedAttempts(paymentId)).toEqual([0]);
    expect(watch.suspensions(paymentId)).toEqual([]);
  });

  it('never retries a hard decline: the suspension is asked at once', async () => {
    const hard = await declinedRenewal(stack, 'stolen_card');
    const soft = await declinedRenewal(stack, 'insufficient_funds');
    const { paymentId } = hard.payment;

    expect(await endedSchedule(stack, paymentId)).toMatchObject({
      state: 'exhausted',
      exhaustion_reason: 'HARD_DECLINE',
    });
    await watch.gaveUp(paymentId);
    const [declined] = watch.outcomes<PaymentDeclined>(EventTypes.PaymentDeclined, paymentId);
    expect(declined.data).toMatchObject({
      retryable: false,
      suspensionRequested: true,
      nextRetryAt: null,
    });
    // Dunning has run past the day a retry would have come: the soft decline beside it retried.
    await waitFor('the soft decline retried', () =>
      watch.declinedAttempts(soft.payment.paymentId).includes(1),
    );
    expect(watch.declinedAttempts(paymentId)).toEqual([0]);
  });

  it('runs each due attempt once with two instances of the service side by side', async () => {
    const second = await stack.startInstance();
    try {
      const renewals = await Promise.all(
        Array.from({ length: 8 }, () => declinedRenewal(stack, 'try_again_later')),
      );
      for (const { payment } of renewals) {
        await watch.gaveUp(payment.paymentId);
      }
      for (const { payment } of renewals) {
        expect(watch.declinedAttempts(payment.paymentId)).toEqual([0, 1, 2, 3]);
        expect(watch.suspensions(payment.paymentId)).toHaveLength(1);
      }
    } finally {
      await second.close();
    }
  });
});

describe('payments service: dunning stops at the card-network limit (a schedule of 20 daily retries, at most 15 attempts per card and amount in 30 days)', () => {
  let stack: PaymentsStack;
  let watch: DunningWatch;

  beforeAll(async () => {
    const daily = Array.from({ length: 20 }, () => '1d').join(',');
    stack = await startPaymentsStack(RETRY_DELAYS_MS, dunningEnv(daily, '15/30d'));
    watch = await DunningWatch.open();
  });
  afterAll(async () => {
    await watch?.close();
    await stack?.close();
  });

  it('makes 15 attempts, then asks for the suspension with the cap as the reason the schedule ended', async () => {
    const { payment } = await declinedRenewal(stack, 'insufficient_funds', 2_500);
    const { paymentId } = payment;

    await watch.gaveUp(paymentId);
    expect(watch.declinedAttempts(paymentId)).toEqual(Array.from({ length: 15 }, (_, i) => i));
    expect(await scheduleOf(stack, paymentId)).toMatchObject({
      state: 'exhausted',
      exhaustion_reason: 'CARD_NETWORK_CAP',
    });
  });
});
