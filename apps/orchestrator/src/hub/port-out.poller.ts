import type { PortOutPoll } from '@handoff/activation-saga';
import type { Logger } from '@handoff/observability';

/**
 * Runs the port-out poll every `intervalMs` (0: never), one round at a time in this process; the
 * poll's row lock keeps instances from doing a round together (decision 73). A failed round (the
 * MNO down, its breaker open) is logged and the next round reads from the same point.
 */
export class PortOutPoller {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> = Promise.resolve();
  private readonly stopping = new AbortController();

  constructor(
    private readonly poll: PortOutPoll,
    private readonly intervalMs: number,
    private readonly log: Logger,
  ) {}

  start(): void {
    if (this.intervalMs === 0 || this.stopping.signal.aborted) return;
    this.timer = setTimeout(() => {
      this.running = this.roundOnce().finally(() => this.start());
    }, this.intervalMs).unref();
  }

  async stop(): Promise<void> {
    this.stopping.abort();
    clearTimeout(this.timer);
    await this.running;
  }

  private async roundOnce(): Promise<void> {
    try {
      // Half the interval: another instance's round a moment ago is enough for this tick.
      const round = await this.poll.round(this.intervalMs / 2, this.stopping.signal);
      if (round.ran && round.portedOut > 0)
        this.log.info(round, 'port-out poll found lines ported away');
      else this.log.debug(round, 'port-out poll round');
    } catch (error) {
      if (this.stopping.signal.aborted) return;
      const code = (error as { code?: unknown }).code;
      this.log.warn(
        { err: error, code },
        'port-out poll round failed; the next one reads from the same point',
      );
    }
  }
}
