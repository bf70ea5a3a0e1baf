/**
 * Our own view of a Kafka client. Services and the consumer runner see only these interfaces;
 * kafkajs is one adapter behind them (it is in maintenance mode, so a swap must stay cheap).
 * Header values are strings: every header we write is text, and foreign binary headers are
 * decoded as UTF-8.
 */
export type Headers = Record<string, string>;

export interface OutgoingRecord {
  topic: string;
  key: string | null;
  value: Buffer;
  headers: Headers;
}

export interface IncomingRecord {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  value: Buffer | null;
  headers: Headers;
  /** Broker timestamp, epoch ms as a string (as Kafka clients report it). */
  timestamp: string;
}

export interface MessageProducer {
  /** Resolves once every record is acknowledged by all in-sync replicas. */
  send(records: readonly OutgoingRecord[]): Promise<void>;
  close(): Promise<void>;
}

export interface PartitionBatch {
  topic: string;
  partition: number;
  records: readonly IncomingRecord[];
}

export interface BatchControl {
  /** False once stop() was called or the partition was revoked: finish the current unit and return. */
  shouldContinue(): boolean;
  heartbeat(): Promise<void>;
  /**
   * Takes the records up to and including `offset` off the fetch position (the next fetch starts
   * after it) without committing anything: they are in flight and committed once finished.
   */
  take(offset: string): void;
  /** Marks records up to and including `offset` as done and commits that position. */
  commit(offset: string): Promise<void>;
  /** Stops fetching this partition, restarts from `offset` after `delayMs`. */
  pauseAndRewind(offset: string, delayMs: number): void;
  /** Stops fetching this partition until the returned function is called, then restarts from `offset`. */
  pauseAt(offset: string): () => void;
}

export interface ConsumerRunOptions {
  topics: readonly string[];
  fromBeginning: boolean;
  eachBatch(batch: PartitionBatch, control: BatchControl): Promise<void>;
  /**
   * The group is rebalancing or has just been (re)assigned partitions: work taken before may no
   * longer be this consumer's to commit, and its partitions are fetched again from their commits.
   */
  onReassigned?(): void;
}

/** A position to commit: `offset` is the next record to read. */
export interface CommitPosition {
  topic: string;
  partition: number;
  offset: string;
}

export interface MessageConsumer {
  run(options: ConsumerRunOptions): Promise<void>;
  /** Commits positions taken with `BatchControl.take`, outside any batch. */
  commit(positions: readonly CommitPosition[]): Promise<void>;
  /** Stops fetching every partition (before a graceful stop lets work in flight finish). */
  pauseAll(): void;
  /** Stops fetching, waits for the batch in flight, leaves the group. */
  stop(): Promise<void>;
  /** False once the consumer crashed for good or stopped (readiness); adapters without it count as running. */
  running?(): boolean;
}

export interface ConsumerSettings {
  groupId: string;
  /** Upper bound on bytes fetched per partition, which bounds one batch's size. */
  maxBytesPerPartition?: number;
  sessionTimeoutMs?: number;
  /**
   * Longest a fetch waits on the broker when there is nothing new. Short for retry consumers: a
   * partition resumed after a pause is only fetched again once the fetch in flight returns.
   */
  maxWaitMs?: number;
}

/** Where a partition's records start and end: `high` is the offset the next record will get. */
export interface PartitionRange {
  topic: string;
  partition: number;
  low: string;
  high: string;
}

/** How far a consumer group trails one partition: its end offset minus the group's committed one. */
export interface PartitionLag {
  topic: string;
  partition: number;
  /** Records not yet committed by the group; every record still there when it committed none. */
  lag: number;
}

export interface MessagingClient {
  producer(): MessageProducer;
  consumer(settings: ConsumerSettings): MessageConsumer;
  /**
   * The current range of every partition of these topics, to read a topic to its end exactly; a
   * topic that does not exist has none.
   */
  partitionRanges(topics: readonly string[]): Promise<PartitionRange[]>;
  /**
   * The lag of `groupId` on every partition of `topics` (metrics, at each scrape), through one
   * admin connection the client keeps open between calls.
   */
  consumerLag(groupId: string, topics: readonly string[]): Promise<PartitionLag[]>;
  /** Closes what the client keeps open between calls (producers and consumers close themselves). */
  close(): Promise<void>;
}
