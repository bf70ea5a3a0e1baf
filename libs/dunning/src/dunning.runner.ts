import { setTimeout as pauseFor } from 'node:timers/promises';
import type { DataSource } from 'typeorm';
import { createLogger, type Logger } from '@handoff/observability';
import { backoffDelay } from '@handoff/resilience';
import { describeDunning, type DunningSettings } from './dunning.config';
import { DunningAttemptNotRecordedError } from './dunning.errors';
import type { Clock, DueAttempt, PerformDueAttempt } from './dunning.port';
import { claimDue, isRecorded } from './dunning.store';

/** The longest a runner waits after passes that kept failing (unless it polls less often). */
const MAX_BACKOFF_MS = 60_000;

type Claim =
  | { kind: 'none' }
  | { kind: 'performed'; due: DueAttempt }
  | { kind: 'failed'; due: DueAttempt | undefined; error: unknown };

interface Pass {
  performed: number;
  failed: boolean;
}

/**
 * Performs due dunning attempts, one per transaction, each holding its schedule row (`FOR UPDATE
 * SKIP LOCKED`), so any number of instances can run side by side and none performs an attempt
 * another holds. A failed attempt rolls back and stays due; the runner backs off and goes on.
 */
export class DunningRunner {
  private loop: Promise<void> | undefined;
  private stopping = new AbortController();
  private failedPasses = 0;

  constructor(
    private readonly dataSource: DataSource,
    private readonly settings: DunningSettings,
    private readonly clock: Clock,
    private readonly perform: PerformDueAttempt,
    private readonly log: Logger = createLogger({ name: 'dunning' }),
  ) {}

  start(): void {
    if (this.loop) return;
    this.stopping = new AbortController();
    this.log.info(describeDunning(this.settings), 'dunning runner started');
    this.loop = this.run(this.stopping.signal);
  }

  /** Stops polling; resolves once the attempt in progress, if any, has committed or rolled back. */
  async stop(): Promise<void> {
    this.stopping.abort();
    await this.loop;
    this.loop = undefined;
  }

  /** One pass over what is due now; returns how many attempts were performed and committed. */
  async runDue(): Promise<number> {
    return (await this.pass()).performed;
  }

  private async run(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      const { failed } = await this.pass(signal);
      this.failedPasses = failed ? this.failedPasses + 1 : 0;
      await pause(this.pauseMs(), signal);
    }
  }

  private pauseMs(): number {
    const { pollIntervalMs } = this.settings;
    if (this.failedPasses === 0) return pollIntervalMs;
    const capMs = Math.max(pollIntervalMs, MAX_BACKOFF_MS);
    return Math.max(
      pollIntervalMs,
      backoffDelay(this.failedPasses, { baseMs: pollIntervalMs, capMs }),
    );
  }

  /** Claims until nothing is due; a payment whose attempt failed is not tried again in this pass. */
  private async pass(signal?: AbortSignal): Promise<Pass> {
    const failedPayments: string[] = [];
    let performed = 0;
    while (!signal?.aborted) {
      const claim = await this.claimOne(failedPayments);
      if (claim.kind === 'none') break;
      if (claim.kind === 'performed') {
        performed++;
        continue;
      }
      this.logFailure(claim);
      if (!claim.due) return { performed, failed: true };
      failedPayments.push(claim.due.paymentId);
    }
    return { performed, failed: failedPayments.length > 0 };
  }

  private async claimOne(skip: readonly string[]): Promise<Claim> {
    const claimed: { due?: DueAttempt } = {};
    try {
      await this.dataSource.transaction(async (db) => {
        const due = await claimDue(db, this.clock(), skip);
        claimed.due = due;
        if (!due) return;
        await this.perform(db, due);
        if (!(await isRecorded(db, due))) throw new DunningAttemptNotRecordedError(due);
      });
    } catch (error) {
      return { kind: 'failed', due: claimed.due, error };
    }
    if (!claimed.due) return { kind: 'none' };
    this.log.info(idsOf(claimed.due), 'dunning attempt performed');
    return { kind: 'performed', due: claimed.due };
  }

  private logFailure({ due, error }: Extract<Claim, { kind: 'failed' }>): void {
    if (!due) {
      this.log.warn(
        { err: error },
        'could not claim due dunning attempts; trying again after a backoff',
      );
    } else if (error instanceof DunningAttemptNotRecordedError) {
      this.log.error(
        { ...idsOf(due), err: error },
        'dunning attempt performed without recordAttempt: a bug; rolled back, it stays due',
      );
    } else {
      this.log.warn(
        { ...idsOf(due), err: error },
        'dunning attempt failed; rolled back, it stays due and is tried again after a backoff',
      );
    }
  }
}

function idsOf(due: DueAttempt): Record<string, unknown> {
  return {
    paymentId: due.paymentId,
    attempt: due.attempt,
    dueAt: new Date(due.dueAt).toISOString(),
  };
}

/** Waits `ms`, or less when the runner is stopped (the loop then sees the aborted signal). */
async function pause(ms: number, signal: AbortSignal): Promise<void> {
  try {
    await pauseFor(ms, undefined, { signal });
  } catch {
    // Only an abort rejects this timer: stop() was called.
  }
}
