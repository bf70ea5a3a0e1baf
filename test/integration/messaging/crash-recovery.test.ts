import { freshTopics, groupCaughtUp, testBackbone, TopicTap } from '../../support/backbone-harness';
import {
  killStrayChildren,
  outputTail,
  startTsProcess,
  type RunningChild,
} from '../../support/child-process';
import { activationRequested } from '../../support/samples';
import { migratedDatabase, waitFor, type TestDatabase } from '../../support/test-infra';

const EVENTS = 300;
/** At 8 in flight and 250 ms each, about 20 s of work: long enough for a member to join and leave. */
const REBALANCE_EVENTS = 600;

describe('crash recovery (real processes, Kafka and PostgreSQL)', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await migratedDatabase('crash');
    await db.dataSource.query(
      'CREATE TABLE effects (event_id text NOT NULL, subject text NOT NULL)',
    );
  });
  afterAll(async () => {
    await killStrayChildren();
    await db.close();
  });

  const effectCounts = async () => {
    const [row]: { total: string; distinct: string }[] = await db.dataSource.query(
      'SELECT count(*) AS total, count(DISTINCT event_id) AS distinct FROM effects',
    );
    return { total: Number(row.total), distinct: Number(row.distinct) };
  };

  it('processes every event exactly once in effect when a consumer is SIGKILLed mid-stream and restarted', async () => {
    await db.dataSource.query('TRUNCATE effects');
    const topics = await freshTopics('crash', [200]);
    const backbone = testBackbone(db.dataSource);
    const events = Array.from({ length: EVENTS }, (_, i) =>
      activationRequested(topics.source, `sub-${i % 25}`),
    );
    await backbone.publishNow(events);
    await backbone.close();
    const env = {
      WORKER_DATABASE_URL: db.scratch.url,
      WORKER_GROUP: topics.groupId,
      WORKER_TOPIC: topics.source,
      WORKER_DELAY_MS: '3',
    };

    const first = startTsProcess('test/support/fixtures/consumer-worker.ts', env);
    await waitFor(
      'the first worker to handle some events',
      async () => (await effectCounts()).total >= 40,
      60_000,
    );
    first.child.kill('SIGKILL');
    expect((await first.exited).signal).toBe('SIGKILL');
    const atKill = await effectCounts();
    expect(atKill.distinct).toBeLessThan(EVENTS);

    const second = startTsProcess('test/support/fixtures/consumer-worker.ts', env);
    await waitFor(
      'every event handled',
      async () => (await effectCounts()).distinct === EVENTS,
      90_000,
    );
    expect(await effectCounts()).toEqual({ total: EVENTS, distinct: EVENTS });

    second.child.kill('SIGTERM');
    expect(await second.exited).toEqual({ code: 0, signal: null });
  });

  it('loses nothing and duplicates no effect when a second instance joins mid-flight and the first then leaves', async () => {
    await db.dataSource.query('TRUNCATE effects');
    const topics = await freshTopics('rebalance', [200], 6);
    const backbone = testBackbone(db.dataSource);
    await backbone.publishNow(
      Array.from({ length: REBALANCE_EVENTS }, (_, i) =>
        activationRequested(topics.source, `sub-${i % 60}`),
      ),
    );
    await backbone.close();
    const env = {
      WORKER_DATABASE_URL: db.scratch.url,
      WORKER_GROUP: topics.groupId,
      WORKER_TOPIC: topics.source,
      WORKER_DELAY_MS: '250',
      WORKER_MAX_IN_FLIGHT: '8',
    };

    const first = startTsProcess('test/support/fixtures/consumer-worker.ts', env);
    const workers: Record<string, RunningChild> = { first };
    const showingWorkers = (wait: Promise<unknown>) => withWorkerOutput(wait, workers);
    await showingWorkers(
      waitFor(
        'the first instance to handle some',
        async () => (await effectCounts()).total >= 30,
        60_000,
      ),
    );
    const second = startTsProcess('test/support/fixtures/consumer-worker.ts', env);
    workers.second = second;
    await showingWorkers(
      waitFor('the second instance to join', () => /^ready$/m.test(second.output()), 60_000),
    );
    const atJoin = (await effectCounts()).total;
    await showingWorkers(
      waitFor(
        'progress after the rebalance',
        async () => (await effectCounts()).total >= atJoin + 30,
        60_000,
      ),
    );
    first.child.kill('SIGTERM');
    expect(await first.exited).toEqual({ code: 0, signal: null });
    await showingWorkers(
      waitFor(
        'every event handled',
        async () => (await effectCounts()).distinct === REBALANCE_EVENTS,
        90_000,
      ),
    );

    expect(await effectCounts()).toEqual({ total: REBALANCE_EVENTS, distinct: REBALANCE_EVENTS });
    second.child.kill('SIGTERM');
    expect(await second.exited).toEqual({ code: 0, signal: null });
  });

  it('loses nothing and duplicates nothing in effect when the outbox relay dies between publish and mark-sent', async () => {
    const topics = await freshTopics('relay', [200]);
    const backbone = testBackbone(db.dataSource);
    await db.dataSource.transaction(async (manager) => {
      await backbone.writeToOutbox(
        manager,
        Array.from({ length: 30 }, (_, i) => activationRequested(topics.source, `relay-sub-${i}`)),
      );
    });
    const tap = await TopicTap.open(topics.source);
    try {
      const crashed = startTsProcess('test/support/fixtures/relay-crash-worker.ts', {
        WORKER_DATABASE_URL: db.scratch.url,
      });
      expect((await crashed.exited).signal).toBe('SIGKILL');
      const unsent = async () => {
        const [row] = await db.dataSource.query<{ n: string }[]>(
          'SELECT count(*) AS n FROM outbox WHERE sent_at IS NULL',
        );
        return Number(row?.n);
      };
      expect(await unsent()).toBe(30);
      await waitFor('the crashed relay’s records on the topic', () => tap.records.length === 30);

      const handled = new Map<string, number>();
      await backbone
        .consumerGroup({
          groupId: topics.groupId,
          topics: [topics.source],
          retryDelaysMs: [200],
          handler: async (e) => void handled.set(e.id, (handled.get(e.id) ?? 0) + 1),
        })
        .start();
      backbone.relay.start();

      await waitFor(
        'the relay to re-publish and mark every row',
        async () => (await unsent()) === 0,
      );
      await waitFor('both copies of every record on the topic', () => tap.records.length === 60);
      await waitFor('every event handled', () => handled.size === 30);
      await waitFor('the consumer to read past both copies', () =>
        groupCaughtUp(topics.groupId, tap, topics.source),
      );
      expect([...handled.values()].every((n) => n === 1)).toBe(true);
    } finally {
      await backbone.close();
      await tap.close();
    }
  });
});

/** A wait that, when it times out, says what each worker printed: a stall is otherwise blind. */
async function withWorkerOutput(
  wait: Promise<unknown>,
  workers: Record<string, RunningChild>,
): Promise<void> {
  try {
    await wait;
  } catch (error) {
    const outputs = Object.entries(workers).map(
      ([name, run]) => `--- ${name} worker ---\n${outputTail(run)}`,
    );
    throw new Error([(error as Error).message, ...outputs].join('\n'), { cause: error });
  }
}
