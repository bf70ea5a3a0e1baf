import type {
  BatchControl,
  MessageConsumer,
  MessagingClient,
  PartitionBatch,
} from '../port/messaging.port';
import type { BatchHandler } from './batch-handler';
import { BatchModeProcessor } from './batch-mode.processor';
import type { ConsumerDeps } from './consumer-deps';
import type { GroupLag } from './consumer-metrics';
import { MainRecordProcessor } from './main-record.processor';
import { RecordHandling } from './record-handling';
import { RecordLane, type RecordLaneOptions } from './record-lane';
import { RetryProcessor } from './retry.processor';
import { SchemaPrefetch } from './schema-prefetch';

export const DEFAULT_MAX_IN_FLIGHT = 100;
export const DEFAULT_SHUTDOWN_GRACE_MS = 15_000;

export interface ConsumerRunnerOptions {
  topics: readonly string[];
  fromBeginning?: boolean;
  /**
   * Records in flight per consumer (the source topics' and the retry tiers' each): records of
   * different subscribers run concurrently, one subscriber's strictly in order. Sized for
   * handlers that wait on vendors; 1 handles one record at a time.
   */
  maxInFlight?: number;
  /** How long a stop waits for records in flight before abandoning them (uncommitted). */
  shutdownGraceMs?: number;
  /** Batch mode: the source topics' records go to this handler a fetched chunk at a time. */
  batchHandler?: BatchHandler;
  /** Records per transaction in batch mode. */
  chunkSize?: number;
}

/** The Kafka consumer group of a group's retry consumer. */
const retryGroupOf = (groupId: string) => `${groupId}.retry`;

/**
 * Runs one consumer group: a consumer on the source topics and one on the group's retry tiers.
 * Offsets are committed only up to the first record whose handling has not settled, so a crash
 * or a rebalance redelivers unfinished work, never loses it; the inbox absorbs what was done.
 */
export class ConsumerRunner {
  private readonly handling: RecordHandling;
  private readonly schemas: SchemaPrefetch;
  private lanes: RecordLane[] = [];
  private consumers: MessageConsumer[] = [];

  constructor(
    private readonly client: MessagingClient,
    private readonly deps: ConsumerDeps,
    private readonly options: ConsumerRunnerOptions,
  ) {
    this.handling = new RecordHandling(deps);
    this.schemas = new SchemaPrefetch(deps.codec, deps.log, deps.groupId);
    deps.metrics.watchInFlight(deps.groupId, () => this.inFlight().now);
    deps.metrics.watchLag(deps.groupId, () => this.lag());
  }

  /**
   * How far the group's two consumers trail each partition they read: the source topics, and the
   * retry tiers (where a record waiting out its delay counts too). Nothing once stopped.
   */
  async lag(): Promise<GroupLag[]> {
    if (this.consumers.length === 0) return [];
    const { groupId, failure } = this.deps;
    const retryGroup = retryGroupOf(groupId);
    const [main, retry] = await Promise.all([
      this.client.consumerLag(groupId, this.options.topics),
      this.client.consumerLag(
        retryGroup,
        failure.topics.retry.map((t) => t.name),
      ),
    ]);
    return [
      ...main.map((p) => ({ group: groupId, ...p })),
      ...retry.map((p) => ({ group: retryGroup, ...p })),
    ];
  }

  /** The records in flight now in each lane, and the most there ever were (for tests and metrics). */
  inFlight(): { now: number; peak: number } {
    return {
      now: this.lanes.reduce((n, lane) => n + lane.inFlight, 0),
      peak: Math.max(0, ...this.lanes.map((lane) => lane.peakInFlight)),
    };
  }

  get groupId(): string {
    return this.deps.groupId;
  }

  /** Whether the group's main and retry consumers both run (readiness). */
  running(): boolean {
    return this.consumers.length > 0 && this.consumers.every((c) => c.running?.() ?? true);
  }

  async start(): Promise<void> {
    const { groupId } = this.deps;
    const main = this.client.consumer({ groupId });
    const retry = this.client.consumer({ groupId: retryGroupOf(groupId), maxWaitMs: 100 });
    this.consumers = [main, retry];
    await this.startMain(main);
    const retryProcessor = new RetryProcessor(this.deps, this.handling);
    const retryLane = this.lane(
      retry,
      (item) => retryProcessor.process(item),
      (record) => RetryProcessor.waitFor(record),
    );
    await retry.run({
      topics: this.deps.failure.topics.retry.map((t) => t.name),
      fromBeginning: true,
      eachBatch: (batch, control) => retryLane.onBatch(batch, control),
      onReassigned: () => retryLane.progress.reassigned(),
    });
    this.deps.log.info(
      { groupId, topics: this.options.topics, maxInFlight: this.maxInFlight },
      'consumer group running',
    );
  }

  /** Stops fetching, lets records in flight finish (up to the grace), commits, leaves the group. */
  async stop(): Promise<void> {
    const consumers = this.consumers;
    const lanes = this.lanes;
    this.consumers = [];
    this.lanes = [];
    if (consumers.length === 0) return;
    const grace = this.options.shutdownGraceMs ?? DEFAULT_SHUTDOWN_GRACE_MS;
    const laneConsumers = new Set(lanes.map((lane) => lane.consumer));
    const [abandoned] = await Promise.all([
      Promise.all(lanes.map((lane) => lane.stop(grace))),
      Promise.all(consumers.filter((c) => !laneConsumers.has(c)).map((c) => c.stop())),
    ]);
    const left = abandoned.reduce((n, a) => n + a, 0);
    this.deps.log.info(
      { groupId: this.deps.groupId, abandoned: left },
      left === 0
        ? 'consumer group stopped, offsets committed'
        : 'consumer group stopped; records still running were left uncommitted and will be redelivered',
    );
  }

  private get maxInFlight(): number {
    return this.options.maxInFlight ?? DEFAULT_MAX_IN_FLIGHT;
  }

  private async startMain(main: MessageConsumer): Promise<void> {
    const { batchHandler } = this.options;
    const fromBeginning = this.options.fromBeginning ?? true;
    if (batchHandler) {
      const processor = new BatchModeProcessor(this.deps, batchHandler);
      await main.run({
        topics: this.options.topics,
        fromBeginning,
        eachBatch: (batch, control) => this.onChunkedBatch(processor, batch, control),
      });
      return;
    }
    const processor = new MainRecordProcessor(this.deps, this.handling);
    const lane = this.lane(main, (item) => processor.process(item));
    await main.run({
      topics: this.options.topics,
      fromBeginning,
      eachBatch: (batch, control) => lane.onBatch(batch, control),
      onReassigned: () => lane.progress.reassigned(),
    });
  }

  private lane(
    consumer: MessageConsumer,
    process: RecordLaneOptions['process'],
    dueIn?: RecordLaneOptions['dueIn'],
  ): RecordLane {
    const lane = new RecordLane(consumer, {
      groupId: this.deps.groupId,
      codec: this.deps.codec,
      log: this.deps.log,
      maxInFlight: this.maxInFlight,
      process,
      dueIn,
    });
    this.lanes.push(lane);
    return lane;
  }

  private async onChunkedBatch(
    processor: BatchModeProcessor,
    batch: PartitionBatch,
    control: BatchControl,
  ): Promise<void> {
    const size = this.options.chunkSize ?? 2_000;
    for (let start = 0; start < batch.records.length; start += size) {
      if (!control.shouldContinue()) return;
      const chunk = batch.records.slice(start, start + size);
      if (!(await this.schemas.run(chunk, control, () => processor.process(chunk)))) return;
      await control.commit(chunk[chunk.length - 1].offset);
      await control.heartbeat();
    }
  }
}
