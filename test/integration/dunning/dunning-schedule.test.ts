import { createDataSource } from '@handoff/persistence';
import { DunningLedger, dunningClock } from '@handoff/dunning';
import { waitFor } from '../../support/test-infra';
import {
  DAY,
  attemptNumbers,
  attemptOf,
  attemptsOf,
  autopayPayment,
  databasePerTest,
  declineFirstAttempt,
  dunningRig,
  dunningSettings,
  manualClock,
  runUntilEnded,
  scheduleOf,
} from '../../support/dunning';

/** 11 days of schedule in about 2 real seconds. */
const FAST = 500_000;

describe('dunning schedule (PostgreSQL)', () => {
  const database = databasePerTest('dunning_schedule');

  it('runs the 1d,3d,7d schedule to SCHEDULE_EXHAUSTED within seconds on a scaled clock', async () => {
    const { dataSource } = database();
    const settings = dunningSettings({ clockScale: FAST });
    const clock = dunningClock(settings);
    const { ledger, processor, runner } = dunningRig(dataSource, clock, { settings });
    const payment = autopayPayment();
    processor.add(payment);

    expect(await declineFirstAttempt(dataSource, ledger, payment, clock())).toMatchObject({
      kind: 'retry',
      attempt: 1,
    });
    expect(await runUntilEnded(runner, dataSource, payment.paymentId)).toMatchObject({
      state: 'exhausted',
      exhaustion_reason: 'SCHEDULE_EXHAUSTED',
    });

    const attempts = await attemptsOf(dataSource, payment.paymentId);
    expect(attempts.map((a) => a.attempt)).toEqual([0, 1, 2, 3]);
    const gaps = attempts
      .slice(1)
      .map((a, i) => a.attempted_at.getTime() - attempts[i].attempted_at.getTime());
    settings.retryAfterMs.forEach((delay, i) => {
      expect(gaps[i]).toBeGreaterThanOrEqual(delay);
      expect(gaps[i]).toBeLessThan(delay + DAY);
    });
    expect([...processor.performs.values()]).toEqual([1, 1, 1]);
    expect(processor.answers.get(`${payment.paymentId}#3`)).toEqual({
      kind: 'exhausted',
      reason: 'SCHEDULE_EXHAUSTED',
    });
  });

  it('never retries a hard decline, first attempt or retry', async () => {
    const { dataSource } = database();
    const clock = manualClock();
    const { ledger, processor, runner } = dunningRig(dataSource, clock, {
      answer: () => 'hardDecline',
    });
    const [first, retried] = [autopayPayment(), autopayPayment()];
    processor.add(first, retried);

    expect(await declineFirstAttempt(dataSource, ledger, first, clock(), 'hardDecline')).toEqual({
      kind: 'exhausted',
      reason: 'HARD_DECLINE',
    });
    await declineFirstAttempt(dataSource, ledger, retried, clock());
    clock.advance(DAY);
    expect(await runner.runDue()).toBe(1);
    clock.advance(365 * DAY);
    expect(await runner.runDue()).toBe(0);

    for (const [payment, attempts] of [
      [first, [0]],
      [retried, [0, 1]],
    ] as const) {
      expect(await scheduleOf(dataSource, payment.paymentId)).toMatchObject({
        state: 'exhausted',
        exhaustion_reason: 'HARD_DECLINE',
        due_at: null,
      });
      expect(await attemptNumbers(dataSource, payment.paymentId)).toEqual(attempts);
    }
  });

  it('settles the schedule when a retry is captured', async () => {
    const { dataSource } = database();
    const clock = manualClock();
    const { ledger, processor, runner } = dunningRig(dataSource, clock, {
      answer: () => 'captured',
    });
    const payment = autopayPayment();
    processor.add(payment);

    await declineFirstAttempt(dataSource, ledger, payment, clock());
    clock.advance(DAY);
    expect(await runner.runDue()).toBe(1);

    expect(await scheduleOf(dataSource, payment.paymentId)).toMatchObject({
      state: 'settled',
      due_at: null,
      exhaustion_reason: null,
    });
    expect(processor.answers.get(`${payment.paymentId}#1`)).toEqual({ kind: 'settled' });
  });

  it('counts an attempt recorded twice, one after the other or at once, only once', async () => {
    const { dataSource } = database();
    const settings = dunningSettings({
      retryAfterMs: [DAY, DAY, DAY, DAY],
      cardNetworkCap: { attempts: 3, windowMs: 30 * DAY },
    });
    const ledger = new DunningLedger(settings);
    const payment = autopayPayment();
    const start = Date.now();
    const record = (attempt: number) =>
      dataSource.transaction((db) =>
        ledger.recordAttempt(db, attemptOf(payment, attempt, 'softDecline', start + attempt * DAY)),
      );

    const first = await record(0);
    expect(await record(0)).toEqual(first);
    // Counted twice, attempt 0 would leave room for no retry after attempt 1 under a cap of 3.
    const [once, twice] = await Promise.all([record(1), record(1)]);
    expect(once).toEqual({ kind: 'retry', attempt: 2, at: start + 2 * DAY });
    expect(twice).toEqual(once);
    expect(await record(2)).toEqual({ kind: 'exhausted', reason: 'CARD_NETWORK_CAP' });
    expect(await record(2)).toEqual({ kind: 'exhausted', reason: 'CARD_NETWORK_CAP' });

    expect(await attemptNumbers(dataSource, payment.paymentId)).toEqual([0, 1, 2]);
    expect(await scheduleOf(dataSource, payment.paymentId)).toMatchObject({
      state: 'exhausted',
      exhaustion_reason: 'CARD_NETWORK_CAP',
    });
  });

  it('survives a restart: a new runner on a new connection finishes the schedule from the same rows', async () => {
    const { dataSource, scratch } = database();
    const settings = dunningSettings({ clockScale: FAST });
    const payment = autopayPayment();
    const before = dunningClock(settings);
    const first = dunningRig(dataSource, before, { settings });
    first.processor.add(payment);
    await declineFirstAttempt(dataSource, first.ledger, payment, before());
    first.runner.start();
    await waitFor(
      'the first retry',
      async () => (await attemptNumbers(dataSource, payment.paymentId)).length >= 2,
    );
    await first.runner.stop();

    const restarted = await createDataSource(scratch.url).initialize();
    try {
      const second = dunningRig(restarted, dunningClock(settings), { settings });
      second.processor.add(payment);
      await runUntilEnded(second.runner, restarted, payment.paymentId);

      const performed = [...first.processor.performs, ...second.processor.performs].sort();
      expect(performed).toEqual([1, 2, 3].map((n) => [`${payment.paymentId}#${n}`, 1]));
      expect(await attemptNumbers(restarted, payment.paymentId)).toEqual([0, 1, 2, 3]);
    } finally {
      await restarted.destroy();
    }
  });
});
