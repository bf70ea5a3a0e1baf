import { randomUUID } from 'node:crypto';
import { ReplayHeaders, type MessageConsumer, type MessagingClient } from '@handoff/messaging';

/**
 * Watches dead-letter topics for replayed records that failed again. It reads from the beginning
 * and keeps every replay id it meets, so a record that comes back before its id was noted is still
 * counted; replay ids are new UUIDs, so older records never match.
 */
export class ReplayWatch {
  private readonly seen = new Set<string>();

  private constructor(private readonly consumer: MessageConsumer) {}

  static async start(client: MessagingClient, topics: readonly string[]): Promise<ReplayWatch> {
    const consumer = client.consumer({
      groupId: `handoff.ops.replay-watch.${randomUUID()}`,
      maxWaitMs: 100,
    });
    const watch = new ReplayWatch(consumer);
    await consumer.run({
      topics,
      fromBeginning: true,
      eachBatch: async (batch, control) => {
        for (const r of batch.records) {
          const id = r.headers[ReplayHeaders.replayId];
          if (id) watch.seen.add(id);
        }
        // Without a commit the port hands the same batch over again on the next fetch.
        const last = batch.records[batch.records.length - 1];
        if (last) await control.commit(last.offset);
      },
    });
    return watch;
  }

  /** Those of `replayIds` that are back on a dead-letter topic. */
  failedAmong(replayIds: Iterable<string>): string[] {
    return [...replayIds].filter((id) => this.seen.has(id));
  }

  stop(): Promise<void> {
    return this.consumer.stop();
  }
}
