import { queryRows } from '../consumer/sql-rows';
import type { DataSource, QueryRunner } from 'typeorm';
import type { RunnerLog } from '../consumer/runner-log';
import type { MessageProducer } from '../port/messaging.port';
import type { OutboxStore } from './outbox.store';

/** One relay publishes at a time (in id order); others stand by on this advisory lock. */
export const OUTBOX_RELAY_LOCK_KEY = 0x0b0c_5e1a;

export interface OutboxRelayOptions {
  batchSize?: number;
  /** How long to wait for new rows when the outbox is empty and nobody called wake(). */
  idleMs?: number;
  /** Sent rows older than this are deleted. */
  keepSentMs?: number;
}

/**
 * Publishes pending outbox rows and marks them sent. A crash between publish and mark-sent
 * publishes those rows again on restart: duplicates are possible by design and are absorbed by
 * the consumers' inbox; losing a row is not possible. Rows that a consumer's fast path is
 * publishing itself (see OutboxFastPath) are left alone until their grace period ends.
 */
export class OutboxRelay {
  private loop: Promise<void> | undefined;
  private stopping = false;
  private lockHolder: QueryRunner | undefined;
  private wakeUp: (() => void) | undefined;
  private pendingWake = false;
  private lastPurge = 0;
  private readonly drainedListeners: (() => void)[] = [];

  constructor(
    private readonly dataSource: DataSource,
    private readonly producer: MessageProducer,
    private readonly store: OutboxStore,
    private readonly log: RunnerLog,
    private readonly options: OutboxRelayOptions = {},
  ) {}

  start(): void {
    this.stopping = false;
    this.loop ??= this.run();
  }

  /** Called whenever the relay finds no unsent row at all. */
  onDrained(listener: () => void): void {
    this.drainedListeners.push(listener);
  }

  /** New rows were committed: publish now rather than at the next poll. */
  wake(): void {
    this.pendingWake = true;
    this.wakeUp?.();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.wakeUp?.();
    await this.loop;
    this.loop = undefined;
    await this.releaseLock();
  }

  /** Publishes one batch; returns how many rows it sent (0 when empty or another relay holds the lock). */
  async publishBatch(): Promise<number> {
    const qr = await this.lock();
    if (!qr) return 0;
    const { rows, waiting } = await this.store.due(qr, this.options.batchSize ?? 500);
    if (rows.length === 0) {
      if (!waiting) this.drainedListeners.forEach((listener) => listener());
      return 0;
    }
    await this.producer.send(rows.map((r) => r.record));
    await this.store.markSent(
      qr,
      rows.map((r) => r.id),
    );
    return rows.length;
  }

  private async run(): Promise<void> {
    while (!this.stopping) {
      try {
        this.pendingWake = false;
        const sent = await this.publishBatch();
        if (sent === 0) {
          await this.purgeOldRows();
          await this.idle(this.lockHolder ? (this.options.idleMs ?? 200) : 1_000);
        }
      } catch (error) {
        this.log.error(
          { error: error instanceof Error ? error.message : String(error) },
          'outbox relay failed; retrying',
        );
        await this.releaseLock();
        await this.idle(1_000);
      }
    }
  }

  private async lock(): Promise<QueryRunner | undefined> {
    if (this.lockHolder) return this.lockHolder;
    const qr = this.dataSource.createQueryRunner();
    await qr.connect();
    const [row] = await queryRows<{ locked: boolean }>(
      qr,
      'SELECT pg_try_advisory_lock($1) AS locked',
      [OUTBOX_RELAY_LOCK_KEY],
    );
    if (!row?.locked) {
      await qr.release();
      return undefined;
    }
    this.lockHolder = qr;
    return qr;
  }

  private async releaseLock(): Promise<void> {
    const qr = this.lockHolder;
    this.lockHolder = undefined;
    if (!qr) return;
    try {
      await qr.query('SELECT pg_advisory_unlock($1)', [OUTBOX_RELAY_LOCK_KEY]);
    } catch {
      // The connection is gone, and with it the lock.
    } finally {
      await qr.release();
    }
  }

  private async purgeOldRows(): Promise<void> {
    const now = Date.now();
    if (!this.lockHolder || now - this.lastPurge < 60_000) return;
    this.lastPurge = now;
    await this.store.purgeSentBefore(
      this.lockHolder,
      new Date(now - (this.options.keepSentMs ?? 3_600_000)),
    );
  }

  private idle(ms: number): Promise<void> {
    if (this.pendingWake || this.stopping) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wakeUp = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wakeUp = done;
    });
  }
}
