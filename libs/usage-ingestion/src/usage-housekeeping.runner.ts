import { setTimeout as pauseFor } from 'node:timers/promises';
import type { Logger } from '@handoff/observability';
import type { HousekeepingPass, UsageHousekeeping } from './usage-housekeeping';

/**
 * Runs the housekeeping pass every interval from start to stop. A failed pass (the database away)
 * is logged once and tried again at the next interval: nothing in it is lost, only later.
 */
export class UsageHousekeepingRunner {
  private loop: Promise<void> | undefined;
  private stopping = new AbortController();

  constructor(
    private readonly housekeeping: UsageHousekeeping,
    private readonly intervalMs: number,
    private readonly log: Logger,
  ) {}

  start(): void {
    if (this.loop) return;
    this.stopping = new AbortController();
    this.loop = this.run(this.stopping.signal);
  }

  /** Resolves once the pass in progress, if any, has finished. */
  async stop(): Promise<void> {
    this.stopping.abort();
    await this.loop;
    this.loop = undefined;
  }

  private async run(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      await this.passOnce();
      await pauseFor(this.intervalMs, undefined, { signal }).catch(() => undefined);
    }
  }

  private async passOnce(): Promise<void> {
    try {
      const pass: HousekeepingPass = await this.housekeeping.pass();
      if (Object.values(pass).some((n) => n > 0)) this.log.info(pass, 'usage housekeeping pass');
    } catch (error) {
      this.log.error(
        { err: error },
        'usage housekeeping pass failed; next try at the next interval',
      );
    }
  }
}
