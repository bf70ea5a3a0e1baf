import { randomUUID } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import type { DeadLetter, DeadLetterOps } from '@handoff/dead-letters';
import {
  CeHeaders,
  connectTopicAdmin,
  DeadLetterHeaders,
  groupTopicSpecs,
  kafkajsConnection,
  type Backbone,
} from '@handoff/messaging';
import { freshTopics, produceRaw } from '../../support/backbone-harness';
import { activationRequested } from '../../support/samples';
import { infra, migratedDatabase, waitFor, type TestDatabase } from '../../support/test-infra';
import { MnoLikeGroup, opsTooling, startFailingGroup } from './ops-harness';

const DELAYS = [200];
const alice = { operatorId: 'alice' };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('decisions on dead letters follow their own id, not their offset (Kafka + PostgreSQL)', () => {
  let db: TestDatabase;
  let topics: Awaited<ReturnType<typeof freshTopics>>;
  let failing: MnoLikeGroup;
  let services: Backbone | undefined;
  let ops: DeadLetterOps;
  let opsBackbone: Backbone;
  let fresh: DeadLetter;

  beforeAll(async () => {
    db = await migratedDatabase('ops_dead_letter_uid');
    topics = await freshTopics('ops-uid', DELAYS, 1);
    failing = new MnoLikeGroup(topics.groupId);
    services = await startFailingGroup(db.dataSource, topics.source, failing, DELAYS);
    ({ ops, backbone: opsBackbone } = opsTooling(db.dataSource));
  });

  afterAll(async () => {
    await opsBackbone?.close();
    await services?.close();
    await db?.close();
  });

  /** Publishes an event the group fails on, and waits for ops to list its dead letter. */
  async function deadLetterOne(): Promise<DeadLetter> {
    const event = services!.stamper.stamp(
      activationRequested(topics.source, `sub-${randomUUID()}`),
    );
    await services!.producer.send([event]);
    return waitFor(
      'the dead letter listed',
      async () =>
        (await ops.list({ group: failing.groupId })).items.find(
          (d) => d.eventId === event.headers[CeHeaders.id],
        ),
      30_000,
      300,
    );
  }

  /** Deletes the dead-letter topic and creates it again, empty: its offsets start at 0 again. */
  async function recreateDeadLetterTopic(): Promise<void> {
    const spec = groupTopicSpecs(failing.groupId, DELAYS).find(
      (s) => s.name === topics.deadLetter,
    )!;
    const admin = await connectTopicAdmin(infra.kafka);
    const kafka = new Kafka({
      ...kafkajsConnection(infra.kafka),
      logLevel: logLevel.NOTHING,
    }).admin();
    await kafka.connect();
    try {
      await admin.deleteTopics([topics.deadLetter]);
      // The broker deletes asynchronously: until it is gone the topic is listed, or refused.
      await waitFor('the dead-letter topic created again, empty', async () => {
        await admin.ensureTopics([{ ...spec, partitions: 1 }]).catch(() => []);
        const offsets = await kafka.fetchTopicOffsets(spec.name);
        return offsets.length === 1 && offsets[0].high === '0';
      });
    } finally {
      await kafka.disconnect();
      await admin.close();
    }
  }

  it('lists a new dead letter at a reused offset of a recreated topic as open, and replays it', async () => {
    const old = await deadLetterOne();
    expect(old.ref.offset).toBe('0');
    expect(old.uid).toMatch(UUID);
    const [discarded] = await ops.discard({
      refs: [old.ref],
      reason: 'DUPLICATE.ALREADY_HANDLED: activated by hand',
      operator: alice,
    });
    expect(discarded.outcome).toBe('discarded');

    await services!.close();
    services = undefined;
    await recreateDeadLetterTopic();
    services = await startFailingGroup(db.dataSource, topics.source, failing, DELAYS);

    fresh = await deadLetterOne();
    expect(fresh.ref).toEqual(old.ref);
    expect(fresh.uid).toMatch(UUID);
    expect(fresh.uid).not.toBe(old.uid);
    expect(fresh.status).toEqual({ state: 'open' });
    expect((await ops.list({ group: failing.groupId, status: 'open' })).items).toHaveLength(1);

    failing.broken = false;
    const report = await ops.replay({
      refs: [fresh.ref],
      reason: 'VENDOR.RECOVERED: MNO is back',
      operator: alice,
      settleMs: 500,
    });
    expect(report.results[0]).toMatchObject({ outcome: 'replayed', failedAgain: false });
    await waitFor('the replay applied', () => failing.timesApplied(fresh.eventId!) === 1);
    const rows = await db.dataSource.query<{ dead_letter_uid: string; action: string }[]>(
      'SELECT dead_letter_uid, action FROM dead_letter_actions ORDER BY id',
    );
    expect(rows).toEqual([
      { dead_letter_uid: old.uid, action: 'discard' },
      { dead_letter_uid: fresh.uid, action: 'replay' },
    ]);
  });

  it('applies a decision recorded before dead letters had ids only to the record without one at its position', async () => {
    // As the code before ids recorded decisions: by position alone.
    const legacyDecision = `INSERT INTO dead_letter_actions
        (dlt_topic, dlt_partition, dlt_offset, consumer_group, action, operator_id, reason, replay_id)
      VALUES ($1, 0, $2, $3, $4, $5, 'before ids', $6)`;
    const group = failing.groupId;
    await db.dataSource.query(legacyDecision, [
      topics.deadLetter,
      '0',
      group,
      'discard',
      'carol',
      null,
    ]);
    await db.dataSource.query(legacyDecision, [
      topics.deadLetter,
      '1',
      group,
      'replay',
      'bob',
      'r-1',
    ]);
    // A dead letter written before Handoff wrote ids: every context header but the id.
    await produceRaw(topics.deadLetter, [
      {
        key: `sub-${randomUUID()}`,
        value: Buffer.from('written before ids'),
        headers: {
          [CeHeaders.id]: randomUUID(),
          [DeadLetterHeaders.originalTopic]: topics.source,
          [DeadLetterHeaders.originalPartition]: '0',
          [DeadLetterHeaders.originalOffset]: '0',
          [DeadLetterHeaders.originalConsumerGroup]: group,
          [DeadLetterHeaders.errorClass]: 'permanent',
          [DeadLetterHeaders.errorCode]: 'MNO.ICCID_UNKNOWN',
        },
      },
    ]);

    const { items } = await waitFor(
      'both dead letters listed',
      async () => {
        const listing = await ops.list({ group });
        return listing.items.length === 2 && listing;
      },
      30_000,
      300,
    );
    expect(items.map((d) => [d.ref.offset, d.uid, d.status])).toEqual([
      ['0', fresh.uid, expect.objectContaining({ state: 'replayed', by: 'alice' })],
      ['1', null, expect.objectContaining({ state: 'replayed', by: 'bob', replayId: 'r-1' })],
    ]);
    const [again] = await ops.discard({ refs: [items[1].ref], reason: 'tidy', operator: alice });
    expect(again).toMatchObject({ outcome: 'refused', message: expect.stringMatching(/by bob/) });
  });
});
