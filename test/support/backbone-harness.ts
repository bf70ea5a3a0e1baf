import { Kafka, logLevel, type Consumer } from 'kafkajs';
import type { KafkaConnection } from '@handoff/config';
import { loadLocalRegistry } from '@handoff/contracts';
import {
  AvroSerde,
  Backbone,
  connectTopicAdmin,
  EventCodec,
  groupTopicSpecs,
  groupTopics,
  kafkajsConnection,
  type BackboneOptions,
  type EventEnvelope,
  type HandlerContext,
  type IncomingRecord,
  type RunnerLog,
  type TopicSpec,
} from '@handoff/messaging';
import { handoffTracer } from '@handoff/observability';
import type { DataSource } from 'typeorm';
import { infra, migratedDatabase, uniqueName, waitFor, type TestDatabase } from './test-infra';

export const TEST_OWNER = { integrationPoint: 'test-point', ownerTeam: 'test-team' };

export const silentLog: RunnerLog = {
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

export const schemas = loadLocalRegistry();

export function testBackbone(
  dataSource: DataSource,
  overrides: Partial<BackboneOptions> = {},
): Backbone {
  return new Backbone({
    service: 'handoff/test',
    kafka: infra.kafka,
    dataSource,
    schemas,
    ownership: { ownerOf: () => TEST_OWNER, ownerOfPoint: () => TEST_OWNER },
    tracer: handoffTracer(),
    log: silentLog,
    relay: { idleMs: 50 },
    ...overrides,
  });
}

/** A source topic and a consumer group with its retry and dead-letter topics, all new. */
export async function freshTopics(
  prefix: string,
  retryDelaysMs: readonly number[],
  partitions = 3,
  kafka: KafkaConnection = infra.kafka,
) {
  const source = uniqueName(`${prefix}.src`);
  const groupId = uniqueName(`${prefix}.group`);
  const specs: TopicSpec[] = [
    { name: source, partitions, retentionMs: 3_600_000, description: 'test source' },
    ...groupTopicSpecs(groupId, retryDelaysMs).map((s) => ({
      ...s,
      partitions: Math.min(s.partitions, partitions),
    })),
  ];
  const admin = await connectTopicAdmin(kafka);
  try {
    await admin.ensureTopics(specs);
  } finally {
    await admin.close();
  }
  await leadersElected(
    specs.map((s) => s.name),
    kafka,
  );
  return { source, groupId, ...groupTopics(groupId, retryDelaysMs) };
}

/**
 * A topic just created may not have a leader yet on a busy broker ("does not host this
 * topic-partition"): wait until every partition of these topics has one.
 */
async function leadersElected(topics: string[], connection: KafkaConnection): Promise<void> {
  const kafka = new Kafka({
    clientId: 'test-leaders',
    ...kafkajsConnection(connection),
    logLevel: logLevel.NOTHING,
  });
  const admin = kafka.admin();
  await admin.connect();
  try {
    await waitFor('leaders for the new topics', async () => {
      const metadata = await admin.fetchTopicMetadata({ topics });
      return metadata.topics.every(
        (t) => t.partitions.length > 0 && t.partitions.every((p) => p.leader >= 0),
      );
    });
  } finally {
    await admin.disconnect();
  }
}

const tapCodec = new EventCodec(new AvroSerde(schemas));

/**
 * Reads a topic's records as they arrive, for assertions on dead letters and published events.
 * `fromNow` starts at the topic's current end: shared catalog topics keep every earlier run's
 * records, and a test only cares about what it publishes itself.
 */
export class TopicTap {
  readonly records: IncomingRecord[] = [];
  private constructor(
    private readonly consumer: Consumer,
    private readonly kafka: Kafka,
    private readonly topic: string,
    /** Where the tap started per partition (`fromNow`); a partition unchanged since needs no record. */
    private readonly startedAt: ReadonlyMap<number, string>,
  ) {}

  static async open(
    topic: string,
    options: { fromNow?: boolean; kafka?: KafkaConnection } = {},
  ): Promise<TopicTap> {
    const kafka = new Kafka({
      clientId: 'test-tap',
      ...kafkajsConnection(options.kafka ?? infra.kafka),
      logLevel: logLevel.NOTHING,
    });
    const ends = options.fromNow ? await endOffsets(kafka, topic) : [];
    const consumer = kafka.consumer({ groupId: uniqueName('tap'), maxWaitTimeInMs: 100 });
    const tap = new TopicTap(
      consumer,
      kafka,
      topic,
      new Map(ends.map((e) => [e.partition, e.high])),
    );
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ topic: t, partition, message }) => {
        const headers: Record<string, string> = {};
        for (const [k, v] of Object.entries(message.headers ?? {})) headers[k] = String(v);
        tap.records.push({
          topic: t,
          partition,
          offset: message.offset,
          key: message.key?.toString() ?? null,
          value: message.value,
          headers,
          timestamp: message.timestamp,
        });
      },
    });
    // kafkajs applies a seek once the partition is assigned, whenever that happens.
    for (const end of ends) consumer.seek({ topic, partition: end.partition, offset: end.offset });
    return tap;
  }

  /** The decoded events whose CloudEvents id is `eventId`. */
  eventsWithId(eventId: string): { record: IncomingRecord; envelope: EventEnvelope }[] {
    return this.records
      .filter((r) => r.headers.ce_id === eventId)
      .map((record) => ({ record, envelope: tapCodec.fromRecord(record) }));
  }

  /** The decoded events keyed by `key`, in the order they arrived. */
  eventsKeyed(key: string): EventEnvelope[] {
    return this.records.filter((r) => r.key === key).map((r) => tapCodec.fromRecord(r));
  }

  /** The decoded events of one type, in the order they arrived. */
  eventsOfType(type: string): EventEnvelope[] {
    return this.records
      .filter((r) => r.headers.ce_type === type)
      .map((r) => tapCodec.fromRecord(r));
  }

  /**
   * Waits until the tap has read every record the topic holds now: a count taken after it is
   * final for what was acknowledged before the call (no fixed wait for "nothing more arrived").
   */
  async caughtUp(timeoutMs = 30_000): Promise<void> {
    const ends = await endOffsets(this.kafka, this.topic);
    await waitFor(
      `the tap to read ${this.topic} to its end`,
      () =>
        ends.every(
          ({ partition, high }) =>
            BigInt(high) <= BigInt(this.startedAt.get(partition) ?? '0') ||
            this.records.some(
              (r) => r.partition === partition && BigInt(r.offset) >= BigInt(high) - 1n,
            ),
        ),
      timeoutMs,
    );
  }

  close(): Promise<void> {
    return this.consumer.disconnect();
  }
}

async function endOffsets(kafka: Kafka, topic: string) {
  const admin = kafka.admin();
  await admin.connect();
  try {
    return await admin.fetchTopicOffsets(topic);
  } finally {
    await admin.disconnect();
  }
}

/** Publishes raw bytes, for poison-record tests. */
export async function produceRaw(
  topic: string,
  records: { key: string; value: Buffer; headers?: Record<string, string> }[],
) {
  const kafka = new Kafka({
    clientId: 'test-raw',
    ...kafkajsConnection(infra.kafka),
    logLevel: logLevel.NOTHING,
  });
  const producer = kafka.producer();
  await producer.connect();
  try {
    await producer.send({ topic, acks: -1, messages: records });
  } finally {
    await producer.disconnect();
  }
}

/** True once the group has committed past the last record `tap` saw on every partition. */
export async function groupCaughtUp(
  groupId: string,
  tap: TopicTap,
  topic: string,
  connection: KafkaConnection = infra.kafka,
): Promise<boolean> {
  const last = new Map<number, bigint>();
  for (const r of tap.records) last.set(r.partition, BigInt(r.offset));
  const kafka = new Kafka({
    clientId: 'test-offsets',
    ...kafkajsConnection(connection),
    logLevel: logLevel.NOTHING,
  });
  const admin = kafka.admin();
  await admin.connect();
  try {
    const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
    return [...last].every(([partition, offset]) => {
      const c = committed?.partitions.find((p) => p.partition === partition);
      return c !== undefined && BigInt(c.offset) > offset;
    });
  } finally {
    await admin.disconnect();
  }
}

type GroupHandler = (e: EventEnvelope, ctx: HandlerContext) => Promise<void>;

/**
 * A scratch database for the whole suite and, per test, a consumer group of the test's own with
 * its dead letters tapped; the group and the tap are closed after each test.
 */
export function consumerGroupSuite(prefix: string) {
  const state: { db?: TestDatabase; backbone?: Backbone; tap?: TopicTap } = {};
  beforeAll(async () => {
    state.db = await migratedDatabase(prefix);
  });
  afterEach(async () => {
    await state.backbone?.close();
    await state.tap?.close();
    state.backbone = undefined;
    state.tap = undefined;
  });
  afterAll(async () => {
    await state.db?.close();
  });
  return {
    db: () => state.db!,
    deadLetters: () => state.tap!,
    async start(handler: GroupHandler, retryDelaysMs: number[]) {
      const topics = await freshTopics(prefix, retryDelaysMs);
      const backbone = testBackbone(state.db!.dataSource);
      state.backbone = backbone;
      await backbone
        .consumerGroup({ groupId: topics.groupId, topics: [topics.source], handler, retryDelaysMs })
        .start();
      state.tap = await TopicTap.open(topics.deadLetter);
      return { topics, backbone };
    },
  };
}
