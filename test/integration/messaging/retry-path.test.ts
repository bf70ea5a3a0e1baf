import { DeadLetterHeaders, type EventEnvelope, type HandlerContext } from '@handoff/messaging';
import { AwaitingCompletionError, RetryableError } from '@handoff/resilience';
import { consumerGroupSuite, TEST_OWNER } from '../../support/backbone-harness';
import { activationRequested } from '../../support/samples';
import { waitFor } from '../../support/test-infra';

type Handler = (e: EventEnvelope, ctx: HandlerContext) => Promise<void>;

describe('retry path: blocks, waits (real Kafka and PostgreSQL)', () => {
  const suite = consumerGroupSuite('retrypath');
  const startGroup = (handler: Handler, retryDelaysMs: number[]) =>
    suite.start(handler, retryDelaysMs);

  it("never lets a fast retry overtake its own subscriber's block row", async () => {
    // The block row's commit is slow (a deferred trigger runs at COMMIT): a retry record sent
    // before that commit would run, find no block, and leave the block behind for ever, with the
    // subscriber's later events parked behind it.
    await suite.db().dataSource.query(`
      CREATE OR REPLACE FUNCTION slow_block() RETURNS trigger AS $$
      BEGIN PERFORM pg_sleep(0.7); RETURN NEW; END $$ LANGUAGE plpgsql`);
    await suite.db().dataSource.query(
      `CREATE CONSTRAINT TRIGGER slow_block AFTER INSERT ON subscriber_blocks
       DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION slow_block()`,
    );
    try {
      const handled: string[] = [];
      const { topics, backbone } = await startGroup(
        async (e, ctx) => {
          if (e.id === 'race-1' && ctx.attempt === 1) throw new RetryableError('TEST.BLIP', 'blip');
          handled.push(e.id);
        },
        [1],
      );
      await backbone.publishNow([activationRequested(topics.source, 'sub-race', 'race-1')]);
      await waitFor('race-1 through the retry path', () => handled.includes('race-1'));
      await backbone.publishNow([activationRequested(topics.source, 'sub-race', 'race-2')]);

      await waitFor('the later event of the same subscriber', () => handled.includes('race-2'));
      expect(handled).toEqual(['race-1', 'race-2']);
    } finally {
      await suite.db().dataSource.query('DROP TRIGGER slow_block ON subscriber_blocks');
    }
  });

  it('releases a block moved to another key (ICCID to subscriber id) when its record is done', async () => {
    const handled: string[] = [];
    const { topics, backbone } = await startGroup(
      async (e, ctx) => {
        if (e.id === 'moved-1' && ctx.attempt === 1) throw new RetryableError('TEST.BLIP', 'blip');
        handled.push(e.id);
      },
      [1_500],
    );
    await backbone.publishNow([activationRequested(topics.source, 'iccid-8910', 'moved-1')]);
    const blockRow = () =>
      suite
        .db()
        .dataSource.query<{ subscriber_key: string }[]>(
          'SELECT subscriber_key FROM subscriber_blocks WHERE consumer_group = $1',
          [topics.groupId],
        );
    await waitFor('moved-1 in the retry path', async () => (await blockRow()).length === 1);
    // What the subscriber-keys migration does to a block whose record waits in a retry tier.
    await suite
      .db()
      .dataSource.query(
        'UPDATE subscriber_blocks SET subscriber_key = $2 WHERE consumer_group = $1',
        [topics.groupId, 'sub-8910'],
      );
    await backbone.publishNow([activationRequested(topics.source, 'sub-8910', 'moved-2')]);

    await waitFor('the event parked behind the moved block', () => handled.includes('moved-2'));
    expect(handled).toEqual(['moved-1', 'moved-2']);
    await waitFor('the moved block released', async () => (await blockRow()).length === 0);
  });

  it('waits on an outside completion longer than the whole retry budget without a dead letter', async () => {
    let firstCall: number | undefined;
    const attempts: number[] = [];
    let completed = false;
    const { topics, backbone } = await startGroup(
      async (_e, ctx) => {
        firstCall ??= Date.now();
        attempts.push(ctx.attempt);
        if (Date.now() - firstCall < 2_500) {
          throw new AwaitingCompletionError('TEST.ORDER_PENDING', 'the vendor is still working', {
            waitLimitMs: 60_000,
            integrationPoint: 'test-point',
          });
        }
        completed = true;
      },
      [100, 200],
    );
    await backbone.publishNow([activationRequested(topics.source, 'sub-wait', 'wait-1')]);

    await waitFor('the wait to complete', () => completed, 20_000);
    // Two retries of 100 and 200 ms would have dead-lettered it after 0.3 s of failures.
    expect(attempts.length).toBeGreaterThan(3);
    expect(new Set(attempts)).toEqual(new Set([1]));
    expect(suite.deadLetters().records).toHaveLength(0);
  });

  it('fails a wait past its limit as a permanent dead letter owned by the point it waited on', async () => {
    const started = Date.now();
    const { topics, backbone } = await startGroup(async () => {
      throw new AwaitingCompletionError('TEST.ORDER_PENDING', 'the vendor is still working', {
        waitLimitMs: 1_000,
        integrationPoint: 'test-point',
      });
    }, [100, 200]);
    await backbone.publishNow([activationRequested(topics.source, 'sub-late', 'late-1')]);

    const [dlt] = await waitFor('a dead letter', () =>
      suite.deadLetters().records.length > 0 ? suite.deadLetters().records : undefined,
    );
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_000);
    expect(dlt.headers).toMatchObject({
      [DeadLetterHeaders.errorClass]: 'permanent',
      [DeadLetterHeaders.errorCode]: 'WAIT.DEADLINE_PASSED',
      [DeadLetterHeaders.attempts]: '1',
      [DeadLetterHeaders.integrationPoint]: TEST_OWNER.integrationPoint,
      [DeadLetterHeaders.ownerTeam]: TEST_OWNER.ownerTeam,
    });
    expect(dlt.headers[DeadLetterHeaders.exceptionMessage]).toContain('gave up waiting after 1 s');
  });
});
