import { Kafka, logLevel } from 'kafkajs';
import type { TopicSpec } from '../topics/topic-catalog';

export interface TopicAdmin {
  /** Creates the topics that do not exist yet; existing ones are left as they are. Returns the names created. */
  ensureTopics(specs: readonly TopicSpec[]): Promise<string[]>;
  deleteTopics(names: readonly string[]): Promise<void>;
  close(): Promise<void>;
}

export async function connectTopicAdmin(brokers: string[], clientId = 'handoff-admin'): Promise<TopicAdmin> {
  const kafka = new Kafka({ clientId, brokers, logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  return {
    async ensureTopics(specs) {
      const existing = new Set(await admin.listTopics());
      const missing = specs.filter((s) => !existing.has(s.name));
      if (missing.length === 0) return [];
      await admin.createTopics({
        waitForLeaders: true,
        topics: missing.map((s) => ({
          topic: s.name,
          numPartitions: s.partitions,
          replicationFactor: -1,
          configEntries: Object.entries({ 'retention.ms': String(s.retentionMs), ...s.config }).map(
            ([name, value]) => ({ name, value }),
          ),
        })),
      });
      return missing.map((s) => s.name);
    },
    async deleteTopics(names) {
      await admin.deleteTopics({ topics: [...names] });
    },
    close: () => admin.disconnect(),
  };
}
