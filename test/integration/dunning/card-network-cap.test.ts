import { DunningLedger, type DunningSettings } from '@handoff/dunning';
import {
  DAY,
  HOUR,
  attemptsOf,
  autopayPayment,
  databasePerTest,
  declineFirstAttempt,
  dunningRig,
  dunningSettings,
  endedSchedule,
  manualClock,
  type AutopayPayment,
} from '../../support/dunning';

/** A schedule longer than the cap allows: 20 retries an hour apart, at most 15 attempts in 30 days. */
const LONG: DunningSettings = dunningSettings({
  retryAfterMs: Array.from({ length: 20 }, () => HOUR),
  cardNetworkCap: { attempts: 15, windowMs: 30 * DAY },
});

describe('dunning card-network cap (PostgreSQL)', () => {
  const database = databasePerTest('dunning_cap');

  /** Moves the clock an hour at a time, performing what is due, until every schedule has ended. */
  async function runToTheEnd(settings: DunningSettings, ...payments: AutopayPayment[]) {
    const { dataSource } = database();
    const clock = manualClock();
    const { ledger, processor, runner } = dunningRig(dataSource, clock, { settings });
    processor.add(...payments);
    for (const payment of payments) await declineFirstAttempt(dataSource, ledger, payment, clock());
    for (let hour = 0; hour < 100; hour++) {
      const ended = await Promise.all(payments.map((p) => endedSchedule(dataSource, p.paymentId)));
      if (ended.every(Boolean)) return { ended, ledger, clock };
      clock.advance(HOUR);
      await runner.runDue();
    }
    throw new Error('the schedules did not end within 100 hours');
  }

  const attemptCount = async (payment: AutopayPayment) =>
    (await attemptsOf(database().dataSource, payment.paymentId)).length;

  it('stops a schedule of 20 retries at 15 attempts in 30 days, the first one included', async () => {
    const payment = autopayPayment();
    const { ended } = await runToTheEnd(LONG, payment);

    expect(ended[0]).toMatchObject({ state: 'exhausted', exhaustion_reason: 'CARD_NETWORK_CAP' });
    expect(await attemptCount(payment)).toBe(15);
  });

  it('counts the attempts of every payment of the same card and amount, and only those', async () => {
    const card = { paymentMethodToken: 'pm_shared_card', amountMinor: 1_999, currency: 'USD' };
    const [first, second] = [autopayPayment(card), autopayPayment(card)];
    const { ended, ledger, clock } = await runToTheEnd(LONG, first, second);

    expect(ended.map((row) => row?.exhaustion_reason)).toEqual([
      'CARD_NETWORK_CAP',
      'CARD_NETWORK_CAP',
    ]);
    expect((await attemptCount(first)) + (await attemptCount(second))).toBe(15);
    const otherAmount = autopayPayment({ ...card, amountMinor: 2_999 });
    expect(
      await declineFirstAttempt(database().dataSource, ledger, otherAmount, clock()),
    ).toMatchObject({
      kind: 'retry',
    });
    const otherCurrency = autopayPayment({ ...card, currency: 'CAD' });
    expect(
      await declineFirstAttempt(database().dataSource, ledger, otherCurrency, clock()),
    ).toMatchObject({
      kind: 'retry',
    });
  });

  it('grants no more retries than the cap when many payments of the card are declined at once', async () => {
    const settings = dunningSettings({ cardNetworkCap: { attempts: 9, windowMs: 30 * DAY } });
    const ledger = new DunningLedger(settings);
    const card = { paymentMethodToken: 'pm_raced_card', amountMinor: 4_200, currency: 'USD' };
    const at = Date.now();
    // Taken one at a time, the k-th finds k-1 attempts and k-1 retries of the card before its own
    // attempt and retry: 2k <= 9 grants a retry to the first 4. Counted side by side, more get one.
    const payments = Array.from({ length: 8 }, () => autopayPayment(card));
    const answers = await Promise.all(
      payments.map((payment) => declineFirstAttempt(database().dataSource, ledger, payment, at)),
    );

    expect(answers.filter((next) => next.kind === 'retry')).toHaveLength(4);
  });

  it('counts only the attempts within the window: after a month the card may be tried again', async () => {
    const settings = dunningSettings({
      retryAfterMs: [31 * DAY, DAY, DAY],
      cardNetworkCap: { attempts: 2, windowMs: 30 * DAY },
    });
    const ledger = new DunningLedger(settings);
    const payment = autopayPayment();
    const start = Date.now();
    const decline = (attempt: number, at: number) =>
      database().dataSource.transaction((db) =>
        ledger.recordAttempt(db, { ...payment, attempt, result: 'softDecline', at }),
      );

    expect(await decline(0, start)).toMatchObject({ kind: 'retry', at: start + 31 * DAY });
    // Two attempts at most: attempt 1 may be retried because attempt 0 is more than 30 days before
    // its retry; attempt 2 may not, attempt 1 was the day before.
    expect(await decline(1, start + 31 * DAY)).toMatchObject({
      kind: 'retry',
      at: start + 32 * DAY,
    });
    expect(await decline(2, start + 32 * DAY)).toEqual({
      kind: 'exhausted',
      reason: 'CARD_NETWORK_CAP',
    });
  });
});
