import { ConfigResourceTypes, Kafka, logLevel, type Admin } from 'kafkajs';
import type { KafkaConnection } from '@handoff/config';
import type { TopicSpec } from '../topics/topic-catalog';
import { kafkajsConnection } from './kafkajs-connection';

export interface TopicAdmin {
  /** Creates the topics that do not exist yet; existing ones are left as they are. Returns the names created. */
  ensureTopics(specs: readonly TopicSpec[]): Promise<string[]>;
  /**
   * Brings existing topics to their spec's configuration (`retention.ms` and `config`); returns the
   * names changed. Kafka's AlterConfigs (the one kafkajs speaks) replaces a topic's whole dynamic
   * configuration, so a setting that is not in the spec goes back to the broker's default.
   */
  alignTopicConfigs(specs: readonly TopicSpec[]): Promise<string[]>;
  deleteTopics(names: readonly string[]): Promise<void>;
  close(): Promise<void>;
}

export async function connectTopicAdmin(
  connection: KafkaConnection,
  clientId = 'handoff-admin',
): Promise<TopicAdmin> {
  const kafka = new Kafka({
    clientId,
    ...kafkajsConnection(connection),
    logLevel: logLevel.NOTHING,
  });
  const admin = kafka.admin();
  await admin.connect();
  return {
    async ensureTopics(specs) {
      const existing = new Set(await admin.listTopics());
      const missing = specs.filter((s) => !existing.has(s.name));
      if (missing.length === 0) return [];
      await admin.createTopics({
        // kafkajs' own wait gives up on "does not host this topic-partition", which a broker busy
        // creating many topics answers for a moment; waitForMetadata below retries it instead.
        waitForLeaders: false,
        topics: missing.map((s) => ({
          topic: s.name,
          numPartitions: s.partitions,
          replicationFactor: -1,
          configEntries: configEntriesOf(s),
        })),
      });
      const created = missing.map((s) => s.name);
      await waitForMetadata(admin, created);
      return created;
    },
    alignTopicConfigs: (specs) => alignTopicConfigs(admin, specs),
    async deleteTopics(names) {
      await admin.deleteTopics({ topics: [...names] });
    },
    close: () => admin.disconnect(),
  };
}

const configEntriesOf = (s: TopicSpec) =>
  Object.entries({ 'retention.ms': String(s.retentionMs), ...s.config }).map(([name, value]) => ({
    name,
    value,
  }));

async function alignTopicConfigs(admin: Admin, specs: readonly TopicSpec[]): Promise<string[]> {
  const existing = new Set(await admin.listTopics());
  const present = specs.filter((s) => existing.has(s.name));
  if (present.length === 0) return [];
  const { resources } = await admin.describeConfigs({
    includeSynonyms: false,
    resources: present.map((s) => ({
      type: ConfigResourceTypes.TOPIC,
      name: s.name,
      configNames: configEntriesOf(s).map((e) => e.name),
    })),
  });
  const actual = new Map(
    resources.map((r) => [
      r.resourceName,
      new Map(r.configEntries.map((e) => [e.configName, e.configValue])),
    ]),
  );
  const differing = present.filter((s) =>
    configEntriesOf(s).some((e) => actual.get(s.name)?.get(e.name) !== e.value),
  );
  if (differing.length === 0) return [];
  await admin.alterConfigs({
    validateOnly: false,
    resources: differing.map((s) => ({
      type: ConfigResourceTypes.TOPIC,
      name: s.name,
      configEntries: configEntriesOf(s),
    })),
  });
  return differing.map((s) => s.name);
}

/**
 * `createTopics` returns once the controller accepted the topics; leaders and metadata follow a
 * moment later, and until then a client is told the topic is unknown (kafkajs does not retry that
 * on subscribe). Wait until the broker describes every new topic with a leader.
 */
async function waitForMetadata(admin: Admin, topics: string[], timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const { topics: described } = await admin.fetchTopicMetadata({ topics });
      if (
        described.every((t) => t.partitions.length > 0 && t.partitions.every((p) => p.leader >= 0))
      )
        return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
    }
    if (Date.now() > deadline)
      throw new Error(`topics not ready after ${timeoutMs} ms: ${topics.join(', ')}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
