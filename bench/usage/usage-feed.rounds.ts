import { readFileSync } from 'node:fs';
import { Kafka, logLevel } from 'kafkajs';
import type { KafkaConnection } from '@handoff/config';
import { groupTopicSpecs, kafkajsConnection } from '@handoff/messaging';
import { freshName, createTopics, deleteTopicsQuietly } from '../messaging/bench-kafka.util';
import { startProgress } from '../messaging/bench-progress.reporter';
import { pollUntil, quietly, withDeadline } from '../messaging/deadline.util';
import { cpuWindow, describeShares } from '../messaging/machine-cpu.probe';
import { startTsProcess } from '../../test/support/child-process';
import { closedPort, type TestDatabase } from '../../test/support/test-infra';

export interface FeedRound {
  kind: 'bare' | 'usage';
  records: number;
  /** From the first fetched batch until every record is committed. */
  elapsedMs: number;
  /** The usage service's peak resident set (VmHWM), in MiB; the bare loop has none of its own. */
  peakRssMiB?: number;
  notes: string[];
}

export const rateOf = (r: FeedRound) => r.records / (r.elapsedMs / 1000);

/** The floor: kafkajs alone consumes the round's records and commits each batch, nothing else. */
export async function bareRound(
  kafka: KafkaConnection,
  topic: string,
  records: number,
  timeoutMs: number,
): Promise<FeedRound> {
  const groupId = freshName('usage.bare');
  const client = new Kafka({
    clientId: 'handoff-bench-bare',
    ...kafkajsConnection(kafka),
    logLevel: logLevel.ERROR,
  });
  const consumer = client.consumer({ groupId, allowAutoTopicCreation: false });
  const progress = startProgress('bare: consume+commit', records);
  let done = 0;
  let first: number | undefined;
  let finish!: () => void;
  const finished = new Promise<void>((resolve) => (finish = resolve));
  const cpu = cpuWindow();
  try {
    await consumer.connect();
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      eachBatch: async ({ batch, resolveOffset, heartbeat }) => {
        first ??= performance.now();
        const mine = batch.messages;
        if (mine.length === 0) return;
        const last = mine[mine.length - 1].offset;
        resolveOffset(last);
        await consumer.commitOffsets([
          {
            topic: batch.topic,
            partition: batch.partition,
            offset: (BigInt(last) + 1n).toString(),
          },
        ]);
        await heartbeat();
        done += mine.length;
        progress.update(done);
        if (done >= records) finish();
      },
    });
    await withDeadline('bare consume+commit', timeoutMs, finished, () => `${done}/${records}`);
    const elapsedMs = performance.now() - (first ?? 0);
    return { kind: 'bare', records, elapsedMs, notes: [describeShares(cpu())] };
  } finally {
    progress.stop();
    await quietly('bare consumer disconnect', () => consumer.disconnect());
  }
}

/**
 * The real usage service (its own process, on a scratch database seeded with the lines) ingests
 * the round's records: decode, de-duplicate, guide, aggregate, persist, commit. The clock runs
 * from its first fetched batch (its ledger row's time) until the feed's counts hold every record.
 */
export async function usageRound(
  kafka: KafkaConnection,
  db: TestDatabase,
  topic: string,
  records: number,
  timeoutMs: number,
): Promise<FeedRound> {
  const groupId = freshName('usage.service');
  const groupSpecs = groupTopicSpecs(groupId);
  await createTopics(kafka, groupSpecs);
  const service = startTsProcess('bench/usage/usage-service.worker.ts', {
    DATABASE_URL: db.scratch.url,
    BENCH_USAGE_GROUP: groupId,
    BENCH_USAGE_TOPIC: topic,
    USAGE_PORT: String(await closedPort()),
  });
  const progress = startProgress('usage service: ingest', records);
  const cpu = cpuWindow();
  try {
    let received = 0;
    await pollUntil(
      'usage service ingest',
      timeoutMs,
      200,
      async () => {
        const [row] = await db.dataSource.query<{ n: string }[]>(
          'SELECT coalesce(sum(received), 0) AS n FROM usage_feed_days',
        );
        received = Number(row?.n ?? 0);
        progress.update(received);
        if (service.child.exitCode !== null)
          throw new Error(`usage service exited:\n${service.output().slice(-2000)}`);
        return received >= records;
      },
      () => `${received}/${records} received`,
    );
    const ended = Date.now();
    const peakRssMiB = peakRss(service.child.pid);
    const [row] = await db.dataSource.query<{ first: Date; batches: string; guided: string }[]>(
      `SELECT min(occurred_at) AS first, count(*) AS batches,
              sum((summary->>'guided')::bigint) AS guided
         FROM audit_ledger WHERE actor = 'handoff/usage'`,
    );
    const batches = Number(row?.batches ?? 0);
    return {
      kind: 'usage',
      records,
      elapsedMs: ended - (row?.first ?? new Date(ended)).getTime(),
      peakRssMiB,
      notes: [
        describeShares(cpu()),
        `${batches} batches of ${Math.round(records / Math.max(1, batches))} records on average, ${row?.guided} guided`,
      ],
    };
  } finally {
    progress.stop();
    service.child.kill('SIGTERM');
    await quietly('usage service exit', () => service.exited, 30_000);
    await deleteTopicsQuietly(
      kafka,
      groupSpecs.map((s) => s.name),
    );
  }
}

/** The process's high-water mark of resident memory, in MiB (Linux). */
function peakRss(pid: number | undefined): number | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = /VmHWM:\s+(\d+) kB/.exec(status)?.[1];
    return kb ? Number(kb) / 1024 : undefined;
  } catch {
    return undefined;
  }
}
