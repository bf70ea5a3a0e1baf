import { DeadLetterHeaders, type Backbone, type BatchHandler } from '@handoff/messaging';
import { PermanentError, RetryableError } from '@handoff/resilience';
import { freshTopics, testBackbone, TopicTap } from '../../support/backbone-harness';
import { activationRequested } from '../../support/samples';
import { migratedDatabase, waitFor, type TestDatabase } from '../../support/test-infra';

describe('batch handlers (real Kafka and PostgreSQL)', () => {
  let db: TestDatabase;
  let backbone: Backbone | undefined;
  let taps: TopicTap[] = [];

  beforeAll(async () => {
    db = await migratedDatabase('batch');
    await db.dataSource.query(
      'CREATE TABLE batch_effects (event_id text NOT NULL, subject text NOT NULL)',
    );
  });
  afterEach(async () => {
    await backbone?.close();
    await Promise.all(taps.map((t) => t.close()));
    backbone = undefined;
    taps = [];
  });
  afterAll(async () => {
    await db.close();
  });

  /** Every event becomes one row, written with one multi-row statement per batch. */
  const writeEffects =
    (sizes: number[], fail?: (id: string) => Error | undefined) =>
    (sink: string): BatchHandler =>
    async (envelopes, ctx) => {
      sizes.push(envelopes.length);
      for (const e of envelopes) {
        const error = fail?.(e.id);
        if (error) throw error;
      }
      const tx = await ctx.transaction();
      await tx.query(
        'INSERT INTO batch_effects (event_id, subject) SELECT * FROM unnest($1::text[], $2::text[])',
        [envelopes.map((e) => e.id), envelopes.map((e) => e.subject)],
      );
      for (const e of envelopes) {
        ctx.emit({ type: e.type, subject: e.subject, topic: sink, data: e.data }, e);
      }
    };

  async function startBatchGroup(handler: (sink: string) => BatchHandler, prefix: string) {
    const topics = await freshTopics(prefix, [100]);
    const sink = await freshTopics(`${prefix}-sink`, [100]);
    backbone = testBackbone(db.dataSource);
    await backbone
      .consumerGroup({
        groupId: topics.groupId,
        topics: [topics.source],
        batchHandler: handler(sink.source),
        retryDelaysMs: [100],
      })
      .start();
    taps = [await TopicTap.open(topics.deadLetter), await TopicTap.open(sink.source)];
    return { topics, sink: sink.source, backbone };
  }

  const effects = async (ids: string[]) => {
    const rows = await db.dataSource.query<{ event_id: string }[]>(
      'SELECT event_id FROM batch_effects WHERE event_id = ANY($1::text[])',
      [ids],
    );
    return rows.map((r) => r.event_id);
  };

  it('takes fetched records many at a time in one transaction, each applied and emitted once', async () => {
    const sizes: number[] = [];
    const { topics, backbone } = await startBatchGroup(writeEffects(sizes), 'batch-ok');
    const events = Array.from({ length: 300 }, (_, i) =>
      backbone.stamper.stamp(activationRequested(topics.source, `sub-${i % 30}`)),
    );
    // The first 50 delivered twice: the second copies are absorbed by the inbox.
    await backbone.producer.send([...events, ...events.slice(0, 50)]);
    const ids = events.map((e) => e.headers.ce_id);

    await waitFor('every event applied', async () => (await effects(ids)).length >= 300, 60_000);
    expect((await effects(ids)).sort()).toEqual([...ids].sort());
    expect(Math.max(...sizes)).toBeGreaterThan(1);
    const [inbox] = await db.dataSource.query<{ n: string }[]>(
      'SELECT count(*) AS n FROM inbox WHERE consumer_group = $1',
      [topics.groupId],
    );
    expect(Number(inbox.n)).toBe(300);
    await waitFor('one emitted event per applied record', () => taps[1].records.length === 300);
    expect(new Set(taps[1].records.map((r) => r.headers.ce_causationid))).toEqual(new Set(ids));
  });

  it('dead-letters only the record the handler refuses and applies the rest of its batch', async () => {
    const sizes: number[] = [];
    const { topics, backbone } = await startBatchGroup(
      writeEffects(sizes, (id) =>
        id === 'poison' ? new PermanentError('TEST.BAD_RECORD', 'cannot take this one') : undefined,
      ),
      'batch-poison',
    );
    const events = [
      ...Array.from({ length: 20 }, (_, i) =>
        activationRequested(topics.source, `sub-${i}`, `ok-${i}`),
      ),
      activationRequested(topics.source, 'sub-poison', 'poison'),
      ...Array.from({ length: 20 }, (_, i) =>
        activationRequested(topics.source, `sub-${i}`, `ok2-${i}`),
      ),
    ];
    await backbone.publishNow(events);
    const good = events.filter((e) => e.id !== 'poison').map((e) => e.id!);

    await waitFor('every good record applied', async () => (await effects(good)).length === 40);
    const [dlt] = await waitFor('the dead letter', () =>
      taps[0].records.length > 0 ? taps[0].records : undefined,
    );
    expect(dlt.headers).toMatchObject({
      ce_id: 'poison',
      [DeadLetterHeaders.errorCode]: 'TEST.BAD_RECORD',
      [DeadLetterHeaders.errorClass]: 'permanent',
    });
    expect(await effects(['poison'])).toEqual([]);
  });

  it('sends a record that fails for now through the retry path, applied once it succeeds', async () => {
    let failures = 0;
    const { topics, backbone } = await startBatchGroup(
      writeEffects([], (id) => {
        if (id !== 'flaky' || failures >= 2) return undefined;
        failures += 1;
        return new RetryableError('TEST.BLIP', 'not now');
      }),
      'batch-retry',
    );
    await backbone.publishNow([
      activationRequested(topics.source, 'sub-1', 'steady'),
      activationRequested(topics.source, 'sub-2', 'flaky'),
    ]);

    await waitFor('the flaky record applied', async () => (await effects(['flaky'])).length === 1);
    expect(await effects(['steady', 'flaky'])).toHaveLength(2);
    expect(taps[0].records).toHaveLength(0);
  });
});
