import type { Admin, Kafka } from 'kafkajs';
import type { PartitionLag } from '../port/messaging.port';

/**
 * Reads consumer lag through one admin connection, opened on first use and kept for every later
 * read (a scrape every few seconds should not cost a connection and a metadata round each time).
 * A failed read drops the connection, so the next one starts afresh once Kafka answers again.
 */
export class KafkajsLagReader {
  private admin: Promise<Admin> | undefined;
  private closed = false;

  constructor(private readonly kafka: Kafka) {}

  async lag(groupId: string, topics: readonly string[]): Promise<PartitionLag[]> {
    if (topics.length === 0) return [];
    const admin = await this.connected();
    try {
      const [committed, ends] = await Promise.all([
        admin.fetchOffsets({ groupId, topics: [...topics] }),
        Promise.all(
          topics.map(async (topic) => ({ topic, at: await admin.fetchTopicOffsets(topic) })),
        ),
      ]);
      const commits = new Map(
        committed.flatMap((t) => t.partitions.map((p) => [`${t.topic}/${p.partition}`, p.offset])),
      );
      return ends.flatMap(({ topic, at }) =>
        at.map((p) => ({
          topic,
          partition: p.partition,
          lag: lagOf(p.low, p.high, commits.get(`${topic}/${p.partition}`)),
        })),
      );
    } catch (error) {
      await this.drop();
      throw error;
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.drop();
  }

  private connected(): Promise<Admin> {
    if (this.closed) return Promise.reject(new Error('the Kafka client is closed'));
    if (!this.admin) {
      // One retry: a scrape is bounded by its caller, and the next scrape tries again anyway.
      const admin = this.kafka.admin({ retry: { retries: 1 } });
      const pending = admin.connect().then(() => admin);
      pending.catch(() => {
        if (this.admin === pending) this.admin = undefined;
      });
      this.admin = pending;
    }
    return this.admin;
  }

  private async drop(): Promise<void> {
    const admin = this.admin;
    this.admin = undefined;
    await admin?.then((a) => a.disconnect()).catch(() => undefined);
  }
}

/** A group that committed nothing (`-1`) has every record still on the partition ahead of it. */
function lagOf(low: string, high: string, committed: string | undefined): number {
  const end = BigInt(high);
  const from = committed === undefined || BigInt(committed) < 0n ? BigInt(low) : BigInt(committed);
  return Number(end > from ? end - from : 0n);
}
