import { createDataSource } from '@handoff/persistence';
import { DunningLedger, type DueAttempt } from '@handoff/dunning';
import { waitFor } from '../../support/test-infra';
import {
  DAY,
  HOUR,
  attemptNumbers,
  autopayPayment,
  databasePerTest,
  declineFirstAttempt,
  dunningRig,
  dunningSettings,
  endedSchedule,
  manualClock,
  scheduleOf,
} from '../../support/dunning';

describe('dunning runner (PostgreSQL)', () => {
  const database = databasePerTest('dunning_runner');

  it('never performs one attempt twice when two runners on two connections race over the due rows', async () => {
    const { dataSource, scratch } = database();
    const settings = dunningSettings({ retryAfterMs: [HOUR, HOUR, HOUR], pollIntervalMs: 5 });
    const ledger = new DunningLedger(settings);
    const payments = Array.from({ length: 40 }, () => autopayPayment());
    const clock = manualClock();
    for (const payment of payments) await declineFirstAttempt(dataSource, ledger, payment, clock());
    clock.advance(10 * HOUR);
    const other = await createDataSource(scratch.url, { poolSize: 4 }).initialize();
    // Each retry is answered at its due time, so the next one is due at once too.
    const answeredWhenDue = (due: DueAttempt) => due.dueAt;
    const rigs = [dataSource, other].map((connection) => {
      const rig = dunningRig(connection, clock, {
        settings,
        wrap: (perform) => async (db, due) => {
          await db.query('SELECT pg_sleep(0.002)'); // a processor call takes time: runners overlap
          await perform(db, due);
        },
      });
      rig.processor.answerAt(answeredWhenDue);
      rig.processor.add(...payments);
      return rig;
    });

    try {
      rigs.forEach(({ runner }) => runner.start());
      await waitFor(
        'every schedule to end',
        async () => {
          const ended = await Promise.all(
            payments.map((p) => endedSchedule(dataSource, p.paymentId)),
          );
          return ended.every(Boolean);
        },
        30_000,
      );
    } finally {
      await Promise.all(rigs.map(({ runner }) => runner.stop()));
      await other.destroy();
    }

    const performed = rigs.flatMap(({ processor }) => [...processor.performs]);
    const expected = payments.flatMap((p) => [1, 2, 3].map((n) => `${p.paymentId}#${n}`));
    expect(performed.map(([key]) => key).sort()).toEqual(expected.sort());
    expect(performed.every(([, times]) => times === 1)).toBe(true);
    expect(rigs.every(({ processor }) => processor.performs.size > 0)).toBe(true);
  });

  it('leaves an attempt whose perform throws due, and performs it on a later pass', async () => {
    const { dataSource } = database();
    const [failing, healthy] = [autopayPayment(), autopayPayment()];
    const clock = manualClock();
    let outage = true;
    const { ledger, processor, runner, logLines } = dunningRig(dataSource, clock, {
      wrap: (perform) => async (db, due) => {
        await perform(db, due);
        if (outage && due.paymentId === failing.paymentId) throw new Error('processor unreachable');
      },
    });
    processor.add(failing, healthy);
    await declineFirstAttempt(dataSource, ledger, failing, clock());
    await declineFirstAttempt(dataSource, ledger, healthy, clock());
    const dueBefore = await scheduleOf(dataSource, failing.paymentId);
    clock.advance(DAY);

    expect(await runner.runDue()).toBe(1);
    expect(await scheduleOf(dataSource, failing.paymentId)).toEqual(dueBefore);
    expect(await attemptNumbers(dataSource, failing.paymentId)).toEqual([0]);
    expect(await attemptNumbers(dataSource, healthy.paymentId)).toEqual([0, 1]);
    expect(logLines()).toContainEqual(
      expect.objectContaining({ level: 'warn', paymentId: failing.paymentId, attempt: 1 }),
    );

    outage = false;
    expect(await runner.runDue()).toBe(1);
    expect(await attemptNumbers(dataSource, failing.paymentId)).toEqual([0, 1]);
    expect(processor.performs.get(`${failing.paymentId}#1`)).toBe(2);
  });

  it('keeps running after a perform throws: it backs off and performs the attempt later', async () => {
    const { dataSource } = database();
    const payment = autopayPayment();
    const clock = manualClock();
    let failures = 3;
    const { ledger, processor, runner } = dunningRig(dataSource, clock, {
      settings: dunningSettings({ pollIntervalMs: 10 }),
      wrap: (perform) => async (db, due) => {
        if (failures-- > 0) throw new Error('processor unreachable');
        await perform(db, due);
      },
    });
    processor.add(payment);
    await declineFirstAttempt(dataSource, ledger, payment, clock());
    clock.advance(DAY);

    runner.start();
    try {
      await waitFor(
        'the retry after three failures',
        async () => (await attemptNumbers(dataSource, payment.paymentId)).length === 2,
      );
    } finally {
      await runner.stop();
    }
    expect(failures).toBe(-1);
    expect(await scheduleOf(dataSource, payment.paymentId)).toMatchObject({
      state: 'scheduled',
      next_attempt: 2,
    });
  });

  it('rolls back and logs a bug when perform returns without recording the attempt', async () => {
    const { dataSource } = database();
    const payment = autopayPayment();
    const clock = manualClock();
    const { ledger, runner, logLines } = dunningRig(dataSource, clock, {
      wrap: () => async () => {},
    });
    await declineFirstAttempt(dataSource, ledger, payment, clock());
    const dueBefore = await scheduleOf(dataSource, payment.paymentId);
    clock.advance(DAY);

    expect(await runner.runDue()).toBe(0);
    expect(await scheduleOf(dataSource, payment.paymentId)).toEqual(dueBefore);
    expect(logLines()).toContainEqual(
      expect.objectContaining({
        level: 'error',
        paymentId: payment.paymentId,
        attempt: 1,
        err: expect.objectContaining({ code: 'DUNNING.ATTEMPT_NOT_RECORDED' }),
      }),
    );
  });

  it('stops only once the attempt in progress has committed', async () => {
    const { dataSource } = database();
    const payment = autopayPayment();
    const clock = manualClock();
    let entered: DueAttempt | undefined;
    let release = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    const { ledger, processor, runner } = dunningRig(dataSource, clock, {
      wrap: (perform) => async (db, due) => {
        entered = due;
        await gate;
        await perform(db, due);
      },
    });
    processor.add(payment);
    await declineFirstAttempt(dataSource, ledger, payment, clock());
    clock.advance(DAY);

    runner.start();
    await waitFor('the attempt to start', () => entered);
    let stopped = false;
    const stopping = runner.stop().then(() => (stopped = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(stopped).toBe(false);
    release();
    await stopping;

    expect(await attemptNumbers(dataSource, payment.paymentId)).toEqual([0, 1]);
    expect(await endedSchedule(dataSource, payment.paymentId)).toBeUndefined();
  });
});
