import type { DataSource } from 'typeorm';
import type { Logger } from '@handoff/observability';
import type { PortInSecretStore } from './port-in-secret.store';

/**
 * Deletes expired port-in secrets every `intervalMs`. Safe on every instance at once (each sweep is
 * one DELETE); a failed sweep is logged and tried again at the next tick, since `claim` refuses an
 * expired row whether or not it was swept.
 */
export class PortInSecretSweeper {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> = Promise.resolve();

  constructor(
    private readonly dataSource: DataSource,
    private readonly store: PortInSecretStore,
    private readonly intervalMs: number,
    private readonly log: Logger,
  ) {}

  start(): void {
    this.timer ??= setInterval(() => {
      this.running = this.sweepOnce();
    }, this.intervalMs);
    this.timer.unref();
  }

  async sweepOnce(): Promise<void> {
    try {
      const deleted = await this.store.sweepExpired(this.dataSource);
      if (deleted > 0) this.log.info({ deleted }, 'expired port-in secrets deleted');
    } catch (error) {
      this.log.warn({ err: error }, 'sweep of expired port-in secrets failed; next tick retries');
    }
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }
}
