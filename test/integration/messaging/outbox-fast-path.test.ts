import { createKafkajsClient, type MessagingClient } from '@handoff/messaging';
import { freshTopics, testBackbone, TopicTap } from '../../support/backbone-harness';
import { activationRequested } from '../../support/samples';
import {
  infra,
  migratedDatabase,
  uniqueName,
  waitFor,
  type TestDatabase,
} from '../../support/test-infra';
import { connectTopicAdmin } from '@handoff/messaging';

/** A Kafka client whose producer refuses the next send to `topic`, as a broker error would. */
function clientFailingOnceFor(topic: string): MessagingClient & { failures: number } {
  const real = createKafkajsClient({ kafka: infra.kafka, clientId: 'fast-path-test' });
  const client = {
    failures: 0,
    consumer: real.consumer.bind(real),
    partitionRanges: real.partitionRanges.bind(real),
    consumerLag: real.consumerLag.bind(real),
    close: real.close.bind(real),
    producer: () => {
      const producer = real.producer();
      let armed = true;
      return {
        send: async (records: Parameters<typeof producer.send>[0]) => {
          if (armed && records.some((r) => r.topic === topic)) {
            armed = false;
            client.failures += 1;
            throw new Error('broker unavailable (simulated)');
          }
          await producer.send(records);
        },
        close: () => producer.close(),
      };
    },
  };
  return client;
}

describe('outbox fast path', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await migratedDatabase('fastpath');
  });
  afterAll(async () => {
    await db.close();
  });

  it('hands emitted events to the relay when publishing them right after commit fails', async () => {
    const topics = await freshTopics('fastpath', [200]);
    const sink = uniqueName('fastpath.sink');
    const admin = await connectTopicAdmin(infra.kafka);
    await admin.ensureTopics([
      { name: sink, partitions: 1, retentionMs: 3_600_000, description: 'sink' },
    ]);
    await admin.close();
    const client = clientFailingOnceFor(sink);
    const backbone = testBackbone(db.dataSource, { client });
    const tap = await TopicTap.open(sink);
    try {
      await backbone
        .consumerGroup({
          groupId: topics.groupId,
          topics: [topics.source],
          retryDelaysMs: [200],
          handler: async (e, ctx) =>
            ctx.emit({ type: e.type, subject: e.subject, data: e.data, topic: sink }),
        })
        .start();
      backbone.relay.start();
      const sources = Array.from({ length: 10 }, (_, i) =>
        activationRequested(topics.source, 'one-subscriber', `src-${i}`),
      );
      await backbone.publishNow(sources);

      await waitFor('every emitted event on the sink', () => tap.records.length >= 10, 60_000);
      expect(client.failures).toBe(1);
      const causes = tap.records.map((r) => r.headers.ce_causationid);
      expect(causes).toEqual(sources.map((s) => s.id));
      await waitFor('no unsent outbox row', async () => {
        const [row] = await db.dataSource.query<{ n: string }[]>(
          'SELECT count(*) AS n FROM outbox WHERE sent_at IS NULL',
        );
        return Number(row?.n) === 0;
      });
    } finally {
      await backbone.close();
      await tap.close();
    }
  });
  it('relays more to one partition than the broker takes in one batch, in order', async () => {
    const sink = uniqueName('relay.big');
    const admin = await connectTopicAdmin(infra.kafka);
    await admin.ensureTopics([
      { name: sink, partitions: 1, retentionMs: 3_600_000, description: 'sink' },
    ]);
    await admin.close();
    const backbone = testBackbone(db.dataSource);
    const tap = await TopicTap.open(sink);
    try {
      // 400 events of 4 KB: 1.6 MB for one partition, over the broker's 1 MiB per batch.
      const events = Array.from({ length: 400 }, (_, n) => {
        const event = activationRequested(sink, 'sub-big', `big-${n}-${uniqueName('e')}`);
        return {
          ...event,
          data: { ...(event.data as object), dealerReference: 'x'.repeat(4_000) },
        };
      });
      await db.dataSource.transaction((tx) => backbone.writeToOutbox(tx, events));
      backbone.relay.start();
      await waitFor('every event relayed', () => tap.records.length === 400, 60_000);
      expect(tap.records.map((r) => r.headers.ce_id)).toEqual(events.map((e) => e.id));
    } finally {
      await tap.close();
      await backbone.close();
    }
  });
});
