import type {
  BatchControl,
  MessageConsumer,
  MessagingClient,
  PartitionBatch,
} from '../port/messaging.port';
import type { ConsumerDeps } from './consumer-deps';
import { MainBatchProcessor } from './main-batch.processor';
import { RetryProcessor } from './retry.processor';

export interface ConsumerRunnerOptions {
  topics: readonly string[];
  fromBeginning?: boolean;
  /** Records per transaction; bounds a transaction when the broker hands over a big batch. */
  chunkSize?: number;
}

/**
 * Runs one consumer group: a consumer on the source topics and one on the group's retry tiers.
 * Offsets are committed only after the transaction holding the handlers' writes, the inbox rows
 * and the outbox rows has committed, so a crash anywhere means redelivery, never loss.
 */
export class ConsumerRunner {
  private readonly main: MainBatchProcessor;
  private readonly retry: RetryProcessor;
  private consumers: MessageConsumer[] = [];

  constructor(
    private readonly client: MessagingClient,
    private readonly deps: ConsumerDeps,
    private readonly options: ConsumerRunnerOptions,
  ) {
    this.main = new MainBatchProcessor(deps);
    this.retry = new RetryProcessor(deps);
  }

  async start(): Promise<void> {
    const { groupId } = this.deps;
    const main = this.client.consumer({ groupId });
    const retry = this.client.consumer({ groupId: `${groupId}.retry`, maxWaitMs: 100 });
    this.consumers = [main, retry];
    await main.run({
      topics: this.options.topics,
      fromBeginning: this.options.fromBeginning ?? true,
      eachBatch: (batch, control) => this.onMainBatch(batch, control),
    });
    await retry.run({
      topics: this.deps.failure.topics.retry.map((t) => t.name),
      fromBeginning: true,
      eachBatch: (batch, control) => this.onRetryBatch(batch, control),
    });
    this.deps.log.info({ groupId, topics: this.options.topics }, 'consumer group running');
  }

  /** Stops fetching, lets the batch in flight finish and commit, then leaves the group. */
  async stop(): Promise<void> {
    const consumers = this.consumers;
    this.consumers = [];
    if (consumers.length === 0) return;
    await Promise.all(consumers.map((c) => c.stop()));
    this.deps.log.info({ groupId: this.deps.groupId }, 'consumer group stopped, offsets committed');
  }

  private async onMainBatch(batch: PartitionBatch, control: BatchControl): Promise<void> {
    const size = this.options.chunkSize ?? 2_000;
    for (let start = 0; start < batch.records.length; start += size) {
      if (!control.shouldContinue()) return;
      const chunk = batch.records.slice(start, start + size);
      await this.main.process(chunk);
      await control.commit(chunk[chunk.length - 1].offset);
      await control.heartbeat();
    }
  }

  private async onRetryBatch(batch: PartitionBatch, control: BatchControl): Promise<void> {
    for (const record of batch.records) {
      if (!control.shouldContinue()) return;
      const wait = RetryProcessor.waitFor(record);
      if (wait > 0) {
        control.pauseAndRewind(record.offset, wait);
        return;
      }
      await this.retry.process(record);
      await control.commit(record.offset);
      await control.heartbeat();
    }
  }
}
