import {
  CompressionTypes,
  Kafka,
  logLevel,
  type Consumer,
  type IHeaders,
  type KafkaMessage,
  type Producer,
} from 'kafkajs';
import type { KafkaConnection } from '@handoff/config';
import type { RunnerLog } from '../consumer/runner-log';
import { kafkajsConnection } from './kafkajs-connection';
import { KafkajsLagReader } from './kafkajs-lag';
import { kafkajsLogCreator } from './kafkajs-log';
import { sendChunks } from './send-chunks';
import type {
  CommitPosition,
  ConsumerSettings,
  Headers,
  IncomingRecord,
  MessageConsumer,
  MessageProducer,
  MessagingClient,
  OutgoingRecord,
  PartitionRange,
} from '../port/messaging.port';

export interface KafkajsClientOptions {
  kafka: KafkaConnection;
  clientId: string;
  /** Where kafkajs's errors go (the service's logger); its console logger when none is given. */
  log?: RunnerLog;
  /** Retries of a failed request (connecting included); a tool run by hand fails sooner than a service. */
  retries?: number;
}

export function createKafkajsClient(options: KafkajsClientOptions): MessagingClient {
  const kafka = new Kafka({
    clientId: options.clientId,
    ...kafkajsConnection(options.kafka),
    // Errors only: its warnings are start-up notices (the v2 partitioner, which we keep as it is).
    logLevel: logLevel.ERROR,
    ...(options.log ? { logCreator: kafkajsLogCreator(options.log) } : {}),
    retry: { retries: options.retries ?? 8, initialRetryTime: 200 },
  });
  const lag = new KafkajsLagReader(kafka);
  return {
    producer: () => new KafkajsProducer(kafka),
    consumer: (settings) => new KafkajsConsumer(kafka, settings),
    partitionRanges: (topics) => partitionRanges(kafka, topics),
    consumerLag: (groupId, topics) => lag.lag(groupId, topics),
    close: () => lag.close(),
  };
}

async function partitionRanges(kafka: Kafka, topics: readonly string[]): Promise<PartitionRange[]> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    // A topic that was never created holds no records: it has no range, rather than making
    // kafkajs retry its metadata for a minute (a group that never dead-lettered has no .dlt yet).
    const existing = new Set(await admin.listTopics());
    const perTopic = await Promise.all(
      topics
        .filter((topic) => existing.has(topic))
        .map(async (topic) =>
          (await admin.fetchTopicOffsets(topic)).map((p) => ({
            topic,
            partition: p.partition,
            low: p.low,
            high: p.high,
          })),
        ),
    );
    return perTopic.flat();
  } finally {
    await admin.disconnect();
  }
}

class KafkajsProducer implements MessageProducer {
  // Idempotent producer: the broker drops duplicates of a retried send; it requires acks=-1.
  private readonly producer: Producer;
  private connecting: Promise<void> | undefined;

  constructor(kafka: Kafka) {
    this.producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  }

  async send(records: readonly OutgoingRecord[]): Promise<void> {
    if (records.length === 0) return;
    this.connecting ??= this.producer.connect();
    await this.connecting;
    // One request per chunk, each acknowledged before the next, so order holds across chunks.
    for (const chunk of sendChunks(records)) {
      await this.producer.sendBatch({
        acks: -1,
        compression: CompressionTypes.None,
        topicMessages: groupByTopic(chunk),
      });
    }
  }

  async close(): Promise<void> {
    if (this.connecting) await this.producer.disconnect();
  }
}

function groupByTopic(records: readonly OutgoingRecord[]) {
  const byTopic = new Map<string, { key: string | null; value: Buffer; headers: IHeaders }[]>();
  for (const r of records) {
    const list = byTopic.get(r.topic) ?? [];
    list.push({ key: r.key, value: r.value, headers: r.headers });
    byTopic.set(r.topic, list);
  }
  return [...byTopic].map(([topic, messages]) => ({ topic, messages }));
}

class KafkajsConsumer implements MessageConsumer {
  private readonly consumer: Consumer;
  private readonly resumeTimers = new Set<NodeJS.Timeout>();

  private readonly groupId: string;
  private topics: readonly string[] = [];
  private live = false;

  constructor(kafka: Kafka, settings: ConsumerSettings) {
    this.groupId = settings.groupId;
    this.consumer = kafka.consumer({
      maxWaitTimeInMs: settings.maxWaitMs ?? 1_000,
      groupId: settings.groupId,
      maxBytesPerPartition: settings.maxBytesPerPartition ?? 1024 * 1024,
      sessionTimeout: settings.sessionTimeoutMs ?? 30_000,
      allowAutoTopicCreation: false,
      retry: { retries: 10 },
    });
  }

  async run(options: Parameters<MessageConsumer['run']>[0]): Promise<void> {
    this.topics = options.topics;
    if (options.onReassigned) {
      const reassigned = () => options.onReassigned?.();
      // kafkajs has no revocation hook; these two events bracket every change of assignment.
      this.consumer.on(this.consumer.events.REBALANCING, reassigned);
      this.consumer.on(this.consumer.events.GROUP_JOIN, reassigned);
    }
    // kafkajs restarts itself after a retriable crash; any other crash leaves the group for good.
    this.consumer.on(this.consumer.events.CRASH, (event) => {
      if (!event.payload.restart) this.live = false;
    });
    this.consumer.on(this.consumer.events.STOP, () => (this.live = false));
    await this.consumer.connect();
    try {
      await this.consumer.subscribe({
        topics: [...options.topics],
        fromBeginning: options.fromBeginning,
      });
    } catch (cause) {
      await this.consumer.disconnect();
      if ((cause as { type?: string }).type !== 'UNKNOWN_TOPIC_OR_PARTITION') throw cause;
      throw new Error(
        `group "${this.groupId}" cannot subscribe to ${options.topics.join(', ')}: a topic does not exist ` +
          '(auto-creation is off: declare it in the topic catalog and run `npm run infra:up`)',
        { cause },
      );
    }
    await this.consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      eachBatch: async (payload) => {
        const { batch } = payload;
        const records = batch.messages.map((m) => toIncoming(batch.topic, batch.partition, m));
        await options.eachBatch(
          { topic: batch.topic, partition: batch.partition, records },
          {
            shouldContinue: () => payload.isRunning() && !payload.isStale(),
            heartbeat: () => payload.heartbeat(),
            take: (offset) => payload.resolveOffset(offset),
            commit: async (offset) => {
              payload.resolveOffset(offset);
              await this.consumer.commitOffsets([
                {
                  topic: batch.topic,
                  partition: batch.partition,
                  offset: (BigInt(offset) + 1n).toString(),
                },
              ]);
            },
            pauseAndRewind: (offset, delayMs) =>
              this.pauseAndRewind(batch.topic, batch.partition, offset, delayMs),
            pauseAt: (offset) => {
              const resume = payload.pause();
              this.consumer.seek({ topic: batch.topic, partition: batch.partition, offset });
              return resume;
            },
          },
        );
      },
    });
    this.live = true;
  }

  running(): boolean {
    return this.live;
  }

  private pauseAndRewind(topic: string, partition: number, offset: string, delayMs: number): void {
    this.consumer.pause([{ topic, partitions: [partition] }]);
    this.consumer.seek({ topic, partition, offset });
    const timer = setTimeout(() => {
      this.resumeTimers.delete(timer);
      this.consumer.resume([{ topic, partitions: [partition] }]);
    }, delayMs);
    this.resumeTimers.add(timer);
  }

  async commit(positions: readonly CommitPosition[]): Promise<void> {
    if (positions.length === 0) return;
    await this.consumer.commitOffsets([...positions]);
  }

  pauseAll(): void {
    this.consumer.pause(this.topics.map((topic) => ({ topic })));
  }

  async stop(): Promise<void> {
    for (const t of this.resumeTimers) clearTimeout(t);
    this.resumeTimers.clear();
    // disconnect() waits for the batch in flight before leaving the group.
    await this.consumer.disconnect();
  }
}

function toIncoming(topic: string, partition: number, m: KafkaMessage): IncomingRecord {
  return {
    topic,
    partition,
    offset: m.offset,
    key: m.key ? m.key.toString('utf8') : null,
    value: m.value,
    headers: decodeHeaders(m.headers),
    timestamp: m.timestamp,
  };
}

function decodeHeaders(headers: IHeaders | undefined): Headers {
  const out: Headers = {};
  for (const [name, raw] of Object.entries(headers ?? {})) {
    const value = Array.isArray(raw) ? raw[raw.length - 1] : raw;
    if (value !== undefined)
      out[name] = Buffer.isBuffer(value) ? value.toString('utf8') : String(value);
  }
  return out;
}
