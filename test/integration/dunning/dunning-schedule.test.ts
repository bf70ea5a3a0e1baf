import { createDataSource } from '@handoff/persistence';
import { DunningLedger, DunningRunner, dunningClock } from '@handoff/dunning';
import { migratedDatabase, waitFor, type TestDatabase } from '../../support/test-infra';
import {
  DAY,
  FakeProcessor,
  attemptOf,
  attemptsOf,
  autopayPayment,
  capturedLog,
  declineFirstAttempt,
  dunningSettings,
  endedSchedule,
  manualClock,
  scheduleOf,
} from '../../support/dunning';

/** 11 days of schedule in about 2 real seconds. */
const FAST = 500_000;

describe('dunning schedule (PostgreSQL)', () => {
  let test: TestDatabase;

  beforeEach(async () => {
    test = await migratedDatabase('dunning_schedule');
  });

  afterEach(async () => {
    await test.close();
  });

  it('runs the 1d,3d,7d schedule to SCHEDULE_EXHAUSTED within seconds on a scaled clock', async () => {
    const settings = dunningSettings({ clockScale: FAST });
    const clock = dunningClock(settings);
    const ledger = new DunningLedger(settings);
    const processor = new FakeProcessor(ledger, () => clock());
    const payment = autopayPayment();
    processor.add(payment);
    const runner = new DunningRunner(
      test.dataSource,
      settings,
      clock,
      processor.perform,
      capturedLog().log,
    );

    expect(await declineFirstAttempt(test.dataSource, ledger, payment, clock())).toMatchObject({
      kind: 'retry',
      attempt: 1,
    });
    runner.start();
    try {
      const ended = await waitFor(
        'the schedule to end',
        () => endedSchedule(test.dataSource, payment.paymentId),
        10_000,
      );
      expect(ended).toMatchObject({ state: 'exhausted', exhaustion_reason: 'SCHEDULE_EXHAUSTED' });
    } finally {
      await runner.stop();
    }

    const attempts = await attemptsOf(test.dataSource, payment.paymentId);
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
    const settings = dunningSettings();
    const clock = manualClock();
    const ledger = new DunningLedger(settings);
    const processor = new FakeProcessor(
      ledger,
      () => clock(),
      () => 'hardDecline',
    );
    const [first, retried] = [autopayPayment(), autopayPayment()];
    processor.add(first, retried);
    const runner = new DunningRunner(
      test.dataSource,
      settings,
      clock,
      processor.perform,
      capturedLog().log,
    );

    expect(
      await declineFirstAttempt(test.dataSource, ledger, first, clock(), 'hardDecline'),
    ).toEqual({
      kind: 'exhausted',
      reason: 'HARD_DECLINE',
    });
    await declineFirstAttempt(test.dataSource, ledger, retried, clock());
    clock.advance(DAY);
    expect(await runner.runDue()).toBe(1);
    clock.advance(365 * DAY);
    expect(await runner.runDue()).toBe(0);

    for (const [payment, attempts] of [
      [first, [0]],
      [retried, [0, 1]],
    ] as const) {
      expect(await scheduleOf(test.dataSource, payment.paymentId)).toMatchObject({
        state: 'exhausted',
        exhaustion_reason: 'HARD_DECLINE',
        due_at: null,
      });
      expect((await attemptsOf(test.dataSource, payment.paymentId)).map((a) => a.attempt)).toEqual(
        attempts,
      );
    }
  });

  it('settles the schedule when a retry is captured', async () => {
    const settings = dunningSettings();
    const clock = manualClock();
    const ledger = new DunningLedger(settings);
    const processor = new FakeProcessor(
      ledger,
      () => clock(),
      () => 'captured',
    );
    const payment = autopayPayment();
    processor.add(payment);
    const runner = new DunningRunner(
      test.dataSource,
      settings,
      clock,
      processor.perform,
      capturedLog().log,
    );

    await declineFirstAttempt(test.dataSource, ledger, payment, clock());
    clock.advance(DAY);
    expect(await runner.runDue()).toBe(1);

    expect(await scheduleOf(test.dataSource, payment.paymentId)).toMatchObject({
      state: 'settled',
      due_at: null,
      exhaustion_reason: null,
    });
    expect(processor.answers.get(`${payment.paymentId}#1`)).toEqual({ kind: 'settled' });
  });

  it('counts an attempt recorded twice, one after the other or at once, only once', async () => {
    const settings = dunningSettings({
      retryAfterMs: [DAY, DAY, DAY, DAY],
      cardNetworkCap: { attempts: 3, windowMs: 30 * DAY },
    });
    const ledger = new DunningLedger(settings);
    const payment = autopayPayment();
    const start = Date.now();
    const record = (attempt: number) =>
      test.dataSource.transaction((db) =>
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

    expect((await attemptsOf(test.dataSource, payment.paymentId)).map((a) => a.attempt)).toEqual([
      0, 1, 2,
    ]);
    expect(await scheduleOf(test.dataSource, payment.paymentId)).toMatchObject({
      state: 'exhausted',
      exhaustion_reason: 'CARD_NETWORK_CAP',
    });
  });

  it('survives a restart: a new runner on a new connection finishes the schedule from the same rows', async () => {
    const settings = dunningSettings({ clockScale: FAST });
    const ledger = new DunningLedger(settings);
    const payment = autopayPayment();
    const before = dunningClock(settings);
    const beforeRestart = new FakeProcessor(ledger, () => before());
    beforeRestart.add(payment);
    const first = new DunningRunner(
      test.dataSource,
      settings,
      before,
      beforeRestart.perform,
      capturedLog().log,
    );
    await declineFirstAttempt(test.dataSource, ledger, payment, before());
    first.start();
    await waitFor(
      'the first retry',
      async () => (await attemptsOf(test.dataSource, payment.paymentId)).length >= 2,
      10_000,
    );
    await first.stop();

    const restarted = await createDataSource(test.scratch.url).initialize();
    try {
      const after = dunningClock(settings);
      const afterRestart = new FakeProcessor(new DunningLedger(settings), () => after());
      afterRestart.add(payment);
      const second = new DunningRunner(
        restarted,
        settings,
        after,
        afterRestart.perform,
        capturedLog().log,
      );
      second.start();
      try {
        await waitFor(
          'the schedule to end',
          () => endedSchedule(restarted, payment.paymentId),
          15_000,
        );
      } finally {
        await second.stop();
      }
      const performed = [...beforeRestart.performs, ...afterRestart.performs].sort();
      expect(performed).toEqual([1, 2, 3].map((n) => [`${payment.paymentId}#${n}`, 1]));
      expect((await attemptsOf(restarted, payment.paymentId)).map((a) => a.attempt)).toEqual([
        0, 1, 2, 3,
      ]);
    } finally {
      await restarted.destroy();
    }
  });
});
