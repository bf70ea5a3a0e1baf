import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import type { DataSource, EntityManager } from 'typeorm';
import {
  DunningLedger,
  DunningRunner,
  type AutopayAttempt,
  type Clock,
  type DueAttempt,
  type DunningNext,
  type DunningSettings,
  type PerformDueAttempt,
} from '@handoff/dunning';
import { createLogger, type Logger } from '@handoff/observability';
import { migratedDatabase, waitFor, type TestDatabase } from './test-infra';

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;

export function dunningSettings(overrides: Partial<DunningSettings> = {}): DunningSettings {
  return {
    retryAfterMs: [DAY, 3 * DAY, 7 * DAY],
    cardNetworkCap: { attempts: 15, windowMs: 30 * DAY },
    pollIntervalMs: 20,
    clockScale: 1,
    ...overrides,
  };
}

/** A clock the test moves by hand. */
export function manualClock(start = Date.now()): Clock & { advance(ms: number): void } {
  let now = start;
  return Object.assign(() => now, { advance: (ms: number) => void (now += ms) });
}

export interface AutopayPayment {
  paymentId: string;
  subscriberId: string;
  paymentMethodToken: string;
  amountMinor: number;
  currency: string;
}

export function autopayPayment(overrides: Partial<AutopayPayment> = {}): AutopayPayment {
  return {
    paymentId: `pay-${randomUUID()}`,
    subscriberId: `sub-${randomUUID()}`,
    paymentMethodToken: `pm_${randomUUID()}`,
    amountMinor: 2_500,
    currency: 'USD',
    ...overrides,
  };
}

type Result = AutopayAttempt['result'];

export function attemptOf(
  payment: AutopayPayment,
  attempt: number,
  result: Result,
  at: number,
): AutopayAttempt {
  return { ...payment, attempt, result, at };
}

/** The BSS's own attempt, declined: what the payments service records before dunning takes over. */
export async function declineFirstAttempt(
  dataSource: DataSource,
  ledger: DunningLedger,
  payment: AutopayPayment,
  at: number,
  result: Result = 'softDecline',
): Promise<DunningNext> {
  return dataSource.transaction((db) =>
    ledger.recordAttempt(db, attemptOf(payment, 0, result, at)),
  );
}

/**
 * A stand-in for the payments service's processor call: answers `answer(due)` (a soft decline
 * unless told otherwise) and records it, counting how often each (payment, attempt) was performed.
 */
export class FakeProcessor {
  readonly performs = new Map<string, number>();
  readonly answers = new Map<string, DunningNext>();
  private readonly payments = new Map<string, AutopayPayment>();

  constructor(
    private readonly ledger: DunningLedger,
    private at: (due: DueAttempt) => number,
    private readonly answer: (due: DueAttempt) => Result = () => 'softDecline',
  ) {}

  /** When the processor answers a due attempt (the clock's now unless told otherwise). */
  answerAt(at: (due: DueAttempt) => number): void {
    this.at = at;
  }

  add(...payments: AutopayPayment[]): void {
    for (const payment of payments) this.payments.set(payment.paymentId, payment);
  }

  readonly perform: PerformDueAttempt = async (db: EntityManager, due: DueAttempt) => {
    const key = `${due.paymentId}#${due.attempt}`;
    this.performs.set(key, (this.performs.get(key) ?? 0) + 1);
    const payment = this.payments.get(due.paymentId);
    if (!payment) throw new Error(`unknown payment ${due.paymentId}`);
    const attempt = attemptOf(payment, due.attempt, this.answer(due), this.at(due));
    this.answers.set(key, await this.ledger.recordAttempt(db, attempt));
  };
}

export interface ScheduleRow {
  state: 'scheduled' | 'settled' | 'exhausted';
  next_attempt: number;
  due_at: Date | null;
  exhaustion_reason: string | null;
}

export async function scheduleOf(
  dataSource: DataSource,
  paymentId: string,
): Promise<ScheduleRow | undefined> {
  const rows = await dataSource.query<ScheduleRow[]>(
    `SELECT state, next_attempt, due_at, exhaustion_reason FROM dunning_schedules
      WHERE payment_id = $1`,
    [paymentId],
  );
  return rows[0];
}

export interface AttemptRow {
  attempt: number;
  attempted_at: Date;
}

export async function attemptsOf(dataSource: DataSource, paymentId: string): Promise<AttemptRow[]> {
  return dataSource.query<AttemptRow[]>(
    `SELECT attempt, attempted_at FROM dunning_card_attempts WHERE payment_id = $1 ORDER BY attempt`,
    [paymentId],
  );
}

/** The numbers of the attempts recorded for the payment, in order. */
export async function attemptNumbers(dataSource: DataSource, paymentId: string): Promise<number[]> {
  return (await attemptsOf(dataSource, paymentId)).map((row) => row.attempt);
}

/** Resolves the schedule once it has ended (settled or exhausted); undefined while it runs. */
export async function endedSchedule(
  dataSource: DataSource,
  paymentId: string,
): Promise<ScheduleRow | undefined> {
  const row = await scheduleOf(dataSource, paymentId);
  return row && row.state !== 'scheduled' ? row : undefined;
}

/** A logger whose JSON lines the test reads. */
export function capturedLog(): { log: Logger; lines: () => Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  return { log: createLogger({ name: 'dunning', level: 'info' }, sink), lines: () => lines };
}

export interface DunningRigOptions {
  settings?: DunningSettings;
  /** What the processor answers each due attempt: a soft decline unless told otherwise. */
  answer?: (due: DueAttempt) => Result;
  /** Wraps the fake processor's perform (to fail it, slow it down, hold it). */
  wrap?: (perform: PerformDueAttempt) => PerformDueAttempt;
}

/** A ledger, a fake processor answering at `clock`'s time, and a runner over them on `dataSource`. */
export function dunningRig(dataSource: DataSource, clock: Clock, options: DunningRigOptions = {}) {
  const settings = options.settings ?? dunningSettings();
  const ledger = new DunningLedger(settings);
  const processor = new FakeProcessor(ledger, () => clock(), options.answer);
  const perform = options.wrap ? options.wrap(processor.perform) : processor.perform;
  const { log, lines } = capturedLog();
  const runner = new DunningRunner(dataSource, settings, clock, perform, log);
  return { settings, ledger, processor, runner, logLines: lines };
}

/** Runs `runner` until the payment's schedule has ended, then stops it; returns the ended row. */
export async function runUntilEnded(
  runner: DunningRunner,
  dataSource: DataSource,
  paymentId: string,
  timeoutMs = 15_000,
): Promise<ScheduleRow> {
  runner.start();
  try {
    return await waitFor(
      'the schedule to end',
      () => endedSchedule(dataSource, paymentId),
      timeoutMs,
    );
  } finally {
    await runner.stop();
  }
}

/** A migrated database of its own for each test of the describe block it is called in. */
export function databasePerTest(prefix: string): () => TestDatabase {
  let test: TestDatabase | undefined;
  beforeEach(async () => {
    test = await migratedDatabase(prefix);
  });
  afterEach(async () => {
    await test?.close();
  });
  return () => {
    if (!test) throw new Error('the database exists only while a test runs');
    return test;
  };
}
