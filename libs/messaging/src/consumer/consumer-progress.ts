import type { CommitPosition, IncomingRecord } from '../port/messaging.port';
import type { RunnerLog } from './runner-log';
import { PartitionProgress } from './partition-progress';

export interface Ticket {
  generation: number;
  partitionKey: string;
  offset: string;
}

/**
 * What one consumer has taken and finished, per partition, and the commits that follow from it.
 * After a rebalance, work taken before may belong to another member now, and the broker does not
 * check ownership on commit: everything taken before is forgotten, so finishing it commits nothing
 * (the partition is fetched again from its last commit, and the inbox absorbs what was done).
 */
export class ConsumerProgress {
  private readonly partitions = new Map<
    string,
    { topic: string; partition: number; progress: PartitionProgress }
  >();
  private readonly committed = new Map<string, string>();
  private generation = 0;
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly commit: (positions: CommitPosition[]) => Promise<void>,
    private readonly log: RunnerLog,
    private readonly groupId: string,
    private readonly intervalMs = 100,
  ) {}

  reassigned(): void {
    this.generation += 1;
    this.partitions.clear();
    this.committed.clear();
  }

  /** Undefined when the record was taken already in this generation. */
  take(record: IncomingRecord): Ticket | undefined {
    const partitionKey = `${record.topic}\u0000${record.partition}`;
    let entry = this.partitions.get(partitionKey);
    if (!entry) {
      entry = {
        topic: record.topic,
        partition: record.partition,
        progress: new PartitionProgress(),
      };
      this.partitions.set(partitionKey, entry);
    }
    if (!entry.progress.take(record.offset)) return undefined;
    return { generation: this.generation, partitionKey, offset: record.offset };
  }

  finish(ticket: Ticket): void {
    if (ticket.generation !== this.generation) return;
    this.partitions.get(ticket.partitionKey)?.progress.finish(ticket.offset);
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      void this.flush();
    }, this.intervalMs);
  }

  /** Commits every partition whose first unfinished record moved since the last commit. */
  flush(): Promise<void> {
    this.flushing = this.flushing.then(() => this.commitMoved());
    return this.flushing;
  }

  stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private async commitMoved(): Promise<void> {
    const generation = this.generation;
    const moved: (CommitPosition & { partitionKey: string })[] = [];
    for (const [partitionKey, { topic, partition, progress }] of this.partitions) {
      const offset = progress.committable();
      if (offset === undefined || this.committed.get(partitionKey) === offset) continue;
      moved.push({ topic, partition, offset, partitionKey });
    }
    if (moved.length === 0) return;
    try {
      await this.commit(
        moved.map(({ topic, partition, offset }) => ({ topic, partition, offset })),
      );
      if (generation !== this.generation) return;
      for (const m of moved) this.committed.set(m.partitionKey, m.offset);
    } catch (error) {
      // A commit refused during a rebalance is harmless: the records are fetched again.
      this.log.warn(
        { groupId: this.groupId, error: error instanceof Error ? error.message : String(error) },
        'offset commit failed; the records after the last commit will be delivered again',
      );
    }
  }
}
