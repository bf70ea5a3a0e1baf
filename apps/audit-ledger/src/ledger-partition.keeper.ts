import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { maintainLedgerPartitions } from '@handoff/audit';
import { HANDOFF_DATA_SOURCE } from '@handoff/messaging-nest';
import { createLogger, type Logger } from '@handoff/observability';
import type { LedgerMaintenanceSettings } from './audit-ledger.config';

export const LEDGER_MAINTENANCE = Symbol('LEDGER_MAINTENANCE');

/**
 * Keeps the ledger's months: at start (before the first batch, so this month's partition is
 * there) and then on the configured interval. A failed round is logged and tried again on the
 * next one; rows meanwhile land in the default partition, so nothing is lost.
 */
@Injectable()
export class LedgerPartitionKeeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> = Promise.resolve();
  private readonly log: Logger = createLogger({ name: 'audit-ledger-partitions' });

  constructor(
    @Inject(HANDOFF_DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(LEDGER_MAINTENANCE) private readonly settings: LedgerMaintenanceSettings,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.runOnce();
    this.timer = setInterval(() => {
      this.running = this.runOnce();
    }, this.settings.intervalMs);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  private async runOnce(): Promise<void> {
    try {
      const r = await maintainLedgerPartitions(this.dataSource, this.settings);
      if (r.created.length + r.dropped.length + r.movedFromDefault + r.expiredFromDefault > 0) {
        this.log.info(
          { ...r, retentionMonths: this.settings.retentionMonths },
          'ledger partitions maintained',
        );
      }
    } catch (error) {
      this.log.error({ err: error }, 'ledger partition maintenance failed; retried next round');
    }
  }
}
