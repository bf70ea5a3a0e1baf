import { Kafka, ConfigResourceTypes, logLevel } from 'kafkajs';
import { connectTopicAdmin, groupTopicSpecs, type TopicAdmin } from '@handoff/messaging';
import { infra, uniqueName } from '../../support/test-infra';

const WEEK_MS = 7 * 24 * 60 * 60 * 1000;

/** The topic's `retention.ms` as the broker reports it, read with a plain admin client. */
async function retentionOf(topic: string): Promise<string | undefined> {
  const admin = new Kafka({ brokers: infra.kafka.brokers, logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    const { resources } = await admin.describeConfigs({
      includeSynonyms: false,
      resources: [{ type: ConfigResourceTypes.TOPIC, name: topic, configNames: ['retention.ms'] }],
    });
    return resources[0]?.configEntries.find((e) => e.configName === 'retention.ms')?.configValue;
  } finally {
    await admin.disconnect();
  }
}

describe('topic configuration brought to the catalog (real Kafka)', () => {
  let admin: TopicAdmin;
  beforeAll(async () => {
    admin = await connectTopicAdmin(infra.kafka);
  });
  afterAll(() => admin?.close());

  it('keeps dead letters forever by default and brings an existing dead-letter topic with another retention to it', async () => {
    const group = uniqueName('align');
    const catalog = groupTopicSpecs(group, [200]).map((s) => ({ ...s, partitions: 1 }));
    const deadLetter = catalog.find((s) => s.name.endsWith('.dlt'))!;
    expect(deadLetter.retentionMs).toBe(-1);
    // As an older release, or an operator's hand, left it: a week, after which dead letters vanish.
    await admin.ensureTopics([{ ...deadLetter, retentionMs: WEEK_MS }]);
    expect(await retentionOf(deadLetter.name)).toBe(String(WEEK_MS));

    expect(await admin.ensureTopics(catalog)).toEqual([catalog[0].name]);
    expect(await admin.alignTopicConfigs(catalog)).toEqual([deadLetter.name]);
    expect(await retentionOf(deadLetter.name)).toBe('-1');
    expect(await admin.alignTopicConfigs(catalog)).toEqual([]);
  });

  it('applies a configured dead-letter retention to an existing topic', async () => {
    const group = uniqueName('align');
    const defaults = groupTopicSpecs(group, [200]).map((s) => ({ ...s, partitions: 1 }));
    await admin.ensureTopics(defaults);
    const configured = groupTopicSpecs(group, [200], { deadLetterRetentionMs: 30 * 86_400_000 });
    expect(await admin.alignTopicConfigs(configured)).toEqual([`${group}.dlt`]);
    expect(await retentionOf(`${group}.dlt`)).toBe(String(30 * 86_400_000));
  });
});
