import { createDataSource } from '@handoff/persistence';
import {
  DunningLedger,
  DunningRunner,
  type DueAttempt,
  type PerformDueAttempt,
} from '@handoff/dunning';
import type { DataSource } from 'typeorm';
import { migratedDatabase, waitFor, type TestDatabase } from '../../support/test-infra';
import {
  DAY,
  FakeProcessor,
  HOUR,
  attemptsOf,
  autopayPayment,
  capturedLog,
  declineFirstAttempt,
  dunningSettings,
  endedSchedule,
  manualClock,
  scheduleOf,
} from '../../support/dunning';

describe('dunning runner (PostgreSQL)', () => {
  let test: TestDatabase;

  beforeEach(async () => {
    test = await migratedDatabase('dunning_runner');
  });

  afterEach(async () => {
    await test.close();
  });

  it('never performs one attempt twice when two runners on two connections race over the due rows', async () => {
    const settings = dunningSettings({ retryAfterMs: [HOUR, HOUR, HOUR], pollIntervalMs: 5 });
    const ledger = new DunningLedger(settings);
    const payments = Array.from({ length: 40 }, () => autopayPayment());
    const clock = manualClock();
    for (const payment of payments)
      await declineFirstAttempt(test.dataSource, ledger, payment, clock());
    // Every retry is due at once: each is answered at its due time, so the next is due too.
    clock.advance(10 * HOUR);
    const other = await createDataSource(test.scratch.url, { poolSize: 4 }).initialize();
    const processors = [0, 1].map(() => new FakeProcessor(ledger, (due) => due.dueAt));
    const runners = ([test.dataSource, other] as DataSource[]).map((dataSource, i) => {
      processors[i].add(...payments);
      const perform: PerformDueAttempt = async (db, due) => {
        await db.query('SELECT pg_sleep(0.002)'); // a processor call takes time: the runners overlap
        await processors[i].perform(db, due);
      };
      return new DunningRunner(dataSource, settings, clock, perform, capturedLog().log);
    });

    try {
      runners.forEach((runner) => runner.start());
      await waitFor(
        'every schedule to end',
        async () => {
          const ended = await Promise.all(
            payments.map((p) => endedSchedule(test.dataSource, p.paymentId)),
          );
          return ended.every(Boolean);
        },
        30_000,
      );
    } finally {
      await Promise.all(runners.map((runner) => runner.stop()));
      await other.destroy();
    }

    const performed = processors.flatMap((p) => [...p.performs]);
    const expected = payments.flatMap((p) => [1, 2, 3].map((n) => `${p.paymentId}#${n}`));
    expect(performed.map(([key]) => key).sort()).toEqual(expected.sort());
    expect(performed.every(([, times]) => times === 1)).toBe(true);
    expect(processors.every((p) => p.performs.size > 0)).toBe(true);
  });

  it('leaves an attempt whose perform throws due, and performs it on a later pass', async () => {
    const settings = dunningSettings();
    const ledger = new DunningLedger(settings);
    const [failing, healthy] = [autopayPayment(), autopayPayment()];
    const clock = manualClock();
    const processor = new FakeProcessor(ledger, () => clock());
    processor.add(failing, healthy);
    let outage = true;
    const perform: PerformDueAttempt = async (db, due) => {
      await processor.perform(db, due);
      if (outage && due.paymentId === failing.paymentId) throw new Error('processor unreachable');
    };
    const { log, lines } = capturedLog();
    const runner = new DunningRunner(test.dataSource, settings, clock, perform, log);
    await declineFirstAttempt(test.dataSource, ledger, failing, clock());
    await declineFirstAttempt(test.dataSource, ledger, healthy, clock());
    const dueBefore = await scheduleOf(test.dataSource, failing.paymentId);
    clock.advance(DAY);

    expect(await runner.runDue()).toBe(1);
    expect(await scheduleOf(test.dataSource, failing.paymentId)).toEqual(dueBefore);
    expect((await attemptsOf(test.dataSource, failing.paymentId)).map((a) => a.attempt)).toEqual([
      0,
    ]);
    expect((await attemptsOf(test.dataSource, healthy.paymentId)).map((a) => a.attempt)).toEqual([
      0, 1,
    ]);
    expect(lines()).toContainEqual(
      expect.objectContaining({ level: 'warn', paymentId: failing.paymentId, attempt: 1 }),
    );

    outage = false;
    expect(await runner.runDue()).toBe(1);
    expect((await attemptsOf(test.dataSource, failing.paymentId)).map((a) => a.attempt)).toEqual([
      0, 1,
    ]);
    expect(processor.performs.get(`${failing.paymentId}#1`)).toBe(2);
  });

  it('keeps running after a perform throws: it backs off and performs the attempt later', async () => {
    const settings = dunningSettings({ pollIntervalMs: 10 });
    const ledger = new DunningLedger(settings);
    const payment = autopayPayment();
    const clock = manualClock();
    const processor = new FakeProcessor(ledger, () => clock());
    processor.add(payment);
    let failures = 3;
    const perform: PerformDueAttempt = async (db, due) => {
      if (failures-- > 0) throw new Error('processor unreachable');
      await processor.perform(db, due);
    };
    const runner = new DunningRunner(test.dataSource, settings, clock, perform, capturedLog().log);
    await declineFirstAttempt(test.dataSource, ledger, payment, clock());
    clock.advance(DAY);

    runner.start();
    try {
      await waitFor(
        'the retry after three failures',
        async () => (await attemptsOf(test.dataSource, payment.paymentId)).length === 2,
      );
    } finally {
      await runner.stop();
    }
    expect(failures).toBe(-1);
    expect(await scheduleOf(test.dataSource, payment.paymentId)).toMatchObject({
      state: 'scheduled',
      next_attempt: 2,
    });
  });

  it('rolls back and logs a bug when perform returns without recording the attempt', async () => {
    const settings = dunningSettings();
    const ledger = new DunningLedger(settings);
    const payment = autopayPayment();
    const clock = manualClock();
    const { log, lines } = capturedLog();
    const runner = new DunningRunner(test.dataSource, settings, clock, async () => {}, log);
    await declineFirstAttempt(test.dataSource, ledger, payment, clock());
    const dueBefore = await scheduleOf(test.dataSource, payment.paymentId);
    clock.advance(DAY);

    expect(await runner.runDue()).toBe(0);
    expect(await scheduleOf(test.dataSource, payment.paymentId)).toEqual(dueBefore);
    expect(lines()).toContainEqual(
      expect.objectContaining({
        level: 'error',
        paymentId: payment.paymentId,
        attempt: 1,
        err: expect.objectContaining({ code: 'DUNNING.ATTEMPT_NOT_RECORDED' }),
      }),
    );
  });

  it('stops only once the attempt in progress has committed', async () => {
    const settings = dunningSettings();
    const ledger = new DunningLedger(settings);
    const payment = autopayPayment();
    const clock = manualClock();
    const processor = new FakeProcessor(ledger, () => clock());
    processor.add(payment);
    let entered: DueAttempt | undefined;
    let release = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    const perform: PerformDueAttempt = async (db, due) => {
      entered = due;
      await gate;
      await processor.perform(db, due);
    };
    const runner = new DunningRunner(test.dataSource, settings, clock, perform, capturedLog().log);
    await declineFirstAttempt(test.dataSource, ledger, payment, clock());
    clock.advance(DAY);

    runner.start();
    await waitFor('the attempt to start', () => entered);
    let stopped = false;
    const stopping = runner.stop().then(() => (stopped = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(stopped).toBe(false);
    release();
    await stopping;

    expect((await attemptsOf(test.dataSource, payment.paymentId)).map((a) => a.attempt)).toEqual([
      0, 1,
    ]);
    expect(await endedSchedule(test.dataSource, payment.paymentId)).toBeUndefined();
  });
});
