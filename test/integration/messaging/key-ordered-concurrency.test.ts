import type { Backbone, ConsumerRunner, EventEnvelope, HandlerContext } from '@handoff/messaging';
import { RetryableError } from '@handoff/resilience';
import { freshTopics, testBackbone } from '../../support/backbone-harness';
import { activationRequested } from '../../support/samples';
import { migratedDatabase, waitFor, type TestDatabase } from '../../support/test-infra';

type Handler = (e: EventEnvelope, ctx: HandlerContext) => Promise<void>;

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('key-ordered concurrency (real Kafka and PostgreSQL)', () => {
  let db: TestDatabase;
  let backbone: Backbone | undefined;

  beforeAll(async () => {
    db = await migratedDatabase('concurrency');
  });
  afterEach(async () => {
    await backbone?.close();
    backbone = undefined;
  });
  afterAll(async () => {
    await db.close();
  });

  async function startGroup(
    handler: Handler,
    options: { maxInFlight?: number; retryDelaysMs?: number[] } = {},
  ): Promise<{ runner: ConsumerRunner; source: string; groupId: string }> {
    const retryDelaysMs = options.retryDelaysMs ?? [200];
    const topics = await freshTopics('concurrency', retryDelaysMs);
    backbone = testBackbone(db.dataSource);
    const runner = backbone.consumerGroup({
      groupId: topics.groupId,
      topics: [topics.source],
      handler,
      retryDelaysMs,
      maxInFlight: options.maxInFlight,
    });
    await runner.start();
    return { runner, source: topics.source, groupId: topics.groupId };
  }

  it("keeps each subscriber's records in produced order while handling subscribers in parallel", async () => {
    const handled = new Map<string, string[]>();
    let running = 0;
    let parallel = 0;
    const { source } = await startGroup(async (e) => {
      running += 1;
      parallel = Math.max(parallel, running);
      await pause(Math.random() * 20);
      handled.set(e.subject, [...(handled.get(e.subject) ?? []), e.id]);
      running -= 1;
    });
    const produced = new Map<string, string[]>();
    const events = [];
    for (let round = 0; round < 8; round++) {
      for (let key = 0; key < 40; key++) {
        const subject = `sub-${key}`;
        const id = `${subject}-${round}`;
        produced.set(subject, [...(produced.get(subject) ?? []), id]);
        events.push(activationRequested(source, subject, id));
      }
    }
    await backbone!.publishNow(events);

    await waitFor(
      'every record handled',
      () => [...handled.values()].reduce((n, ids) => n + ids.length, 0) === events.length,
      60_000,
    );
    expect(Object.fromEntries(handled)).toEqual(Object.fromEntries(produced));
    expect(parallel).toBeGreaterThan(1);
  });

  it('lets records of other subscribers overtake a slow one', async () => {
    const order: string[] = [];
    let releaseSlow: () => void = () => undefined;
    const slowGate = new Promise<void>((resolve) => (releaseSlow = resolve));
    const { source } = await startGroup(async (e) => {
      if (e.id === 'slow-1') await slowGate;
      order.push(e.id);
    });
    // One partition's worth of order: the slow record comes first, the others after it.
    await backbone!.publishNow([
      activationRequested(source, 'sub-slow', 'slow-1'),
      activationRequested(source, 'sub-slow', 'slow-2'),
      ...Array.from({ length: 30 }, (_, i) =>
        activationRequested(source, `sub-fast-${i}`, `fast-${i}`),
      ),
    ]);

    await waitFor('every fast record while the slow one waits', () => order.length === 30);
    expect(order.every((id) => id.startsWith('fast-'))).toBe(true);
    releaseSlow();
    await waitFor('the slow subscriber in order', () => order.length === 32);
    expect(order.slice(30)).toEqual(['slow-1', 'slow-2']);
  });

  it('never has more records in flight than its limit, and fetches on as room frees', async () => {
    let running = 0;
    let peak = 0;
    let done = 0;
    const { runner, source } = await startGroup(
      async () => {
        running += 1;
        peak = Math.max(peak, running);
        await pause(5 + Math.random() * 10);
        running -= 1;
        done += 1;
      },
      { maxInFlight: 7 },
    );
    await backbone!.publishNow(
      Array.from({ length: 200 }, (_, i) => activationRequested(source, `sub-${i}`)),
    );

    await waitFor('all 200 handled', () => done === 200, 60_000);
    expect(peak).toBe(7);
    expect(runner.inFlight().peak).toBeLessThanOrEqual(7);
  });

  it('handles one record at a time with a limit of one', async () => {
    let running = 0;
    let peak = 0;
    let done = 0;
    const { source } = await startGroup(
      async () => {
        running += 1;
        peak = Math.max(peak, running);
        await pause(2);
        running -= 1;
        done += 1;
      },
      { maxInFlight: 1 },
    );
    await backbone!.publishNow(
      Array.from({ length: 30 }, (_, i) => activationRequested(source, `sub-${i}`)),
    );

    await waitFor('all 30 handled', () => done === 30);
    expect(peak).toBe(1);
  });

  it('parks a subscriber behind its retrying record while other subscribers run concurrently', async () => {
    const log: string[] = [];
    const { source, groupId } = await startGroup(
      async (e, ctx) => {
        if (e.id === 'a-1' && ctx.attempt === 1) throw new RetryableError('TEST.SLOW', 'later');
        log.push(e.id);
      },
      { retryDelaysMs: [1_000] },
    );
    await backbone!.publishNow([
      activationRequested(source, 'sub-a', 'a-1'),
      activationRequested(source, 'sub-a', 'a-2'),
      activationRequested(source, 'sub-a', 'a-3'),
      ...Array.from({ length: 20 }, (_, i) => activationRequested(source, `sub-b${i}`, `b-${i}`)),
    ]);

    await waitFor('a-3 after a-1 came back from the retry path', () => log.includes('a-3'));
    const subA = log.filter((id) => id.startsWith('a-'));
    expect(subA).toEqual(['a-1', 'a-2', 'a-3']);
    expect(log.indexOf('a-1')).toBeGreaterThan(log.indexOf('b-19'));
    await waitFor('the subscriber released', async () => {
      const [blocks] = await db.dataSource.query<{ n: string }[]>(
        'SELECT count(*) AS n FROM subscriber_blocks WHERE consumer_group = $1',
        [groupId],
      );
      return Number(blocks.n) === 0;
    });
  });
});
