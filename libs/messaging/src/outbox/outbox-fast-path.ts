import type { DataSource } from 'typeorm';
import type { RunnerLog } from '../consumer/runner-log';
import type { MessageProducer } from '../port/messaging.port';
import type { OutboxRelay } from './outbox-relay';
import type { OutboxRow, OutboxStore } from './outbox.store';

/**
 * A consumer publishes what its handlers emitted as soon as their transaction commits, instead of
 * waiting for the relay to read the rows back. The rows are written with a grace period during
 * which the relay leaves them alone; a crash before they are marked sent means the relay sends
 * them after the grace (a duplicate at worst, which the inbox absorbs). If a fast publish fails,
 * the fast path steps aside until the relay has drained everything in id order, so order holds.
 */
export class OutboxFastPath {
  private healthy = true;
  private chain: Promise<void> = Promise.resolve();
  private readonly inFlight = new Set<Promise<void>>();
  private readonly maxInFlight = 2;

  constructor(
    private readonly dataSource: DataSource,
    private readonly producer: MessageProducer,
    private readonly store: OutboxStore,
    private readonly relay: OutboxRelay,
    private readonly log: RunnerLog,
    private readonly graceMs = 10_000,
  ) {
    relay.onDrained(() => {
      this.healthy = true;
    });
  }

  /** The grace to write rows with: none while the relay is catching up after a failure. */
  get relayAfterMs(): number {
    return this.healthy ? this.graceMs : 0;
  }

  /**
   * Queues the rows for publishing and returns once fewer than `maxInFlight` publishes are
   * pending, so the consumer's next transaction overlaps this send. The offsets of the records that
   * caused the rows need not wait for it: the rows are durable and the relay is the safety net.
   * Publishes run one after another, so rows reach Kafka in the order they were committed.
   */
  async publish(rows: readonly OutboxRow[]): Promise<void> {
    if (rows.length === 0) return;
    if (!this.healthy) {
      this.relay.wake();
      return;
    }
    const send = this.chain.then(() => this.send(rows));
    this.chain = send;
    this.inFlight.add(send);
    void send.finally(() => this.inFlight.delete(send));
    while (this.inFlight.size >= this.maxInFlight) await Promise.race(this.inFlight);
  }

  /** Waits for every queued publish (at shutdown, before the producer closes). */
  async flush(): Promise<void> {
    await this.chain;
  }

  private async send(rows: readonly OutboxRow[]): Promise<void> {
    if (!this.healthy) return this.relay.wake();
    try {
      await this.producer.send(rows.map((r) => r.record));
    } catch (error) {
      return this.stepAside(error);
    }
    const ids = rows.map((r) => r.id);
    // Not awaited: if this update is lost, the relay re-sends after the grace, which is harmless.
    this.dataSource
      .query('UPDATE outbox SET sent_at = now() WHERE id = ANY($1::bigint[])', [ids])
      .catch((error: unknown) =>
        this.log.warn({ error: String(error) }, 'outbox fast path could not mark rows sent'),
      );
  }

  private async stepAside(error: unknown): Promise<void> {
    this.healthy = false;
    this.log.warn(
      { error: String(error) },
      'outbox fast path failed; the relay takes over until it has drained',
    );
    const qr = this.dataSource.createQueryRunner();
    try {
      await this.store.releaseToRelay(qr);
    } catch {
      // The rows still reach the relay when their grace ends.
    } finally {
      await qr.release();
    }
    this.relay.wake();
  }
}
