import { PermanentError, RetryableError } from '@handoff/resilience';
import { DeadLetterHeaders, type EventEnvelope, type HandlerContext } from '@handoff/messaging';
import { consumerGroupSuite, produceRaw, TEST_OWNER } from '../../support/backbone-harness';
import { activationRequested } from '../../support/samples';
import { waitFor } from '../../support/test-infra';

type Handler = (e: EventEnvelope, ctx: HandlerContext) => Promise<void>;

describe('consumer runner (real Kafka and PostgreSQL)', () => {
  const suite = consumerGroupSuite('consumer');
  const startGroup = (handler: Handler, retryDelaysMs = [200, 400, 600]) =>
    suite.start(handler, retryDelaysMs);

  it('runs the handler once when the same event is delivered twice', async () => {
    const handled: string[] = [];
    const { topics, backbone } = await startGroup(async (e) => void handled.push(e.id));
    const event = backbone.stamper.stamp(activationRequested(topics.source, 'sub-dup'));
    const sentinel = backbone.stamper.stamp(activationRequested(topics.source, 'sub-dup'));
    await backbone.producer.send([event, event, sentinel]);

    await waitFor('the sentinel after both copies', () => handled.includes(sentinel.headers.ce_id));
    expect(handled).toEqual([event.headers.ce_id, sentinel.headers.ce_id]);
  });

  it('completes exactly once through the retry path after two retryable failures', async () => {
    const attempts: number[] = [];
    let completed = 0;
    const { topics, backbone } = await startGroup(async (_e, ctx) => {
      attempts.push(ctx.attempt);
      if (ctx.attempt <= 2) throw new RetryableError('TEST.FLAKY', 'vendor hiccup');
      completed += 1;
    });
    await backbone.publishNow([activationRequested(topics.source, 'sub-flaky')]);

    await waitFor('the third attempt to succeed', () => completed === 1);
    expect(attempts).toEqual([1, 2, 3]);
    const inbox: { n: string }[] = await suite
      .db()
      .dataSource.query('SELECT count(*) AS n FROM inbox WHERE consumer_group = $1', [
        topics.groupId,
      ]);
    expect(Number(inbox[0].n)).toBe(1);
    expect(suite.deadLetters().records).toHaveLength(0);
  });

  it('dead-letters a permanent failure with the original record and every context header', async () => {
    const { topics, backbone } = await startGroup(async () => {
      throw new PermanentError('MNO.ICCID_UNKNOWN', 'the network does not know this ICCID', {
        stage: 'vendor-call',
      });
    });
    const record = backbone.stamper.stamp(activationRequested(topics.source, 'sub-perm'));
    await backbone.producer.send([record]);

    const [dlt] = await waitFor('a dead letter', () =>
      suite.deadLetters().records.length > 0 ? suite.deadLetters().records : undefined,
    );
    expect(dlt.key).toBe('sub-perm');
    expect(Buffer.compare(dlt.value!, record.value)).toBe(0);
    for (const [name, value] of Object.entries(record.headers)) {
      if (name !== DeadLetterHeaders.integrationPoint && name !== DeadLetterHeaders.ownerTeam) {
        expect(dlt.headers[name]).toBe(value);
      }
    }
    expect(dlt.headers).toMatchObject({
      [DeadLetterHeaders.originalTopic]: topics.source,
      [DeadLetterHeaders.originalConsumerGroup]: topics.groupId,
      [DeadLetterHeaders.exceptionFqcn]: 'PermanentError',
      [DeadLetterHeaders.exceptionMessage]: 'the network does not know this ICCID',
      [DeadLetterHeaders.errorClass]: 'permanent',
      [DeadLetterHeaders.errorCode]: 'MNO.ICCID_UNKNOWN',
      [DeadLetterHeaders.stage]: 'vendor-call',
      [DeadLetterHeaders.attempts]: '1',
      [DeadLetterHeaders.ownerTeam]: TEST_OWNER.ownerTeam,
      [DeadLetterHeaders.integrationPoint]: TEST_OWNER.integrationPoint,
    });
    for (const name of [
      DeadLetterHeaders.originalPartition,
      DeadLetterHeaders.originalOffset,
      DeadLetterHeaders.originalTimestamp,
      DeadLetterHeaders.exceptionStacktrace,
      DeadLetterHeaders.firstFailureAt,
      DeadLetterHeaders.lastFailureAt,
    ]) {
      expect(dlt.headers[name]).toBeTruthy();
    }
    const [fact] = await suite.db().dataSource.query<{ correlation: string; topic: string }[]>(
      `SELECT headers->>'ce_correlationid' AS correlation, topic FROM outbox
       WHERE headers->>'ce_type' = 'handoff.ops.DeadLetterRecorded' AND headers->>'ce_causationid' = $1`,
      [record.headers.ce_id],
    );
    expect(fact).toEqual({
      correlation: record.headers.ce_correlationid,
      topic: 'handoff.ops.audit.v1',
    });
  });

  it('dead-letters garbage bytes and an unknown schema id and keeps consuming', async () => {
    const handled: string[] = [];
    const { topics, backbone } = await startGroup(async (e) => void handled.push(e.subject));
    const good = backbone.stamper.stamp(activationRequested(topics.source, 'sub-poison'));
    const unknownSchema = Buffer.concat([
      Buffer.from([0, 0, 0, 0x7f, 0x7f]),
      good.value.subarray(5),
    ]);
    await produceRaw(topics.source, [
      { key: 'sub-poison', value: Buffer.from('not avro at all') },
      { key: 'sub-poison', value: unknownSchema, headers: good.headers },
    ]);
    await backbone.producer.send([good]);

    await waitFor('the good record after the poison ones', () => handled.includes('sub-poison'));
    await waitFor('two dead letters', () => suite.deadLetters().records.length === 2);
    expect(suite.deadLetters().records.map((r) => r.headers[DeadLetterHeaders.stage])).toEqual([
      'deserialize',
      'deserialize',
    ]);
    expect(
      suite
        .deadLetters()
        .records.map((r) => r.headers[DeadLetterHeaders.errorCode])
        .sort(),
    ).toEqual(['MESSAGING.MISSING_HEADERS', 'MESSAGING.UNKNOWN_SCHEMA']);
  });

  it("holds a subscriber's later event behind its retrying one while other subscribers flow", async () => {
    const log: string[] = [];
    const { topics, backbone } = await startGroup(
      async (e, ctx) => {
        if (e.id === 'a-1' && ctx.attempt === 1) {
          log.push('a-1 failed');
          throw new RetryableError('TEST.SLOW_VENDOR', 'try later');
        }
        log.push(`${e.id} done`);
      },
      [1_500],
    );
    await backbone.publishNow([
      activationRequested(topics.source, 'sub-a', 'a-1'),
      activationRequested(topics.source, 'sub-a', 'a-2'),
    ]);
    await waitFor('a-1 to fail once', () => log.includes('a-1 failed'));
    await backbone.publishNow([activationRequested(topics.source, 'sub-b', 'b-1')]);

    await waitFor('a-2 to run after a-1', () => log.includes('a-2 done'));
    expect(log.indexOf('b-1 done')).toBeLessThan(log.indexOf('a-1 done'));
    expect(log.indexOf('a-1 done')).toBeLessThan(log.indexOf('a-2 done'));
    expect(log.filter((l) => l === 'a-2 done')).toHaveLength(1);
  });

  it('dead-letters a record whose retries are exhausted, with the attempts it took', async () => {
    const { topics, backbone } = await startGroup(async () => {
      throw new RetryableError('MNO.UNAVAILABLE', 'still down');
    }, [100, 100]);
    await backbone.publishNow([activationRequested(topics.source, 'sub-exhausted')]);

    const [dlt] = await waitFor('a dead letter', () =>
      suite.deadLetters().records.length > 0 ? suite.deadLetters().records : undefined,
    );
    expect(dlt.headers).toMatchObject({
      [DeadLetterHeaders.errorClass]: 'retryable',
      [DeadLetterHeaders.attempts]: '3',
      [DeadLetterHeaders.originalTopic]: topics.source,
    });
  });
});
