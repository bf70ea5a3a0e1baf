import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { KafkaConnection } from '@handoff/config';
import { Kafka, logLevel } from 'kafkajs';
import { connectTopicAdmin, groupTopicSpecs, kafkajsConnection, Topics } from '@handoff/messaging';
import type { DataSource } from 'typeorm';
import { logReady, startService, stopService } from '@handoff/service-launcher';
import type { BenchStack } from './bench-stack';
import { pollUntil } from '../messaging/deadline.util';
import { bssActivation, newIccid } from '../../test/support/activation-requests';
import type { ProcessCosts } from '../../test/support/fixtures/process-costs';

const RETRY_DELAYS_MS = [200, 400, 800, 1_500, 3_000];

export interface ActivationRoundContext {
  label: string;
  maxInFlight: number;
  activations: number;
  /** The simulators, database and BSS publisher the round runs against. */
  stack: BenchStack;
  logsDir: string;
  /** The request published for each activation: a plain BSS activation unless given. */
  request?: (iccid: string) => ReturnType<typeof bssActivation>;
  phaseTimeoutMs: number;
}

export interface ActivationRoundResult {
  label: string;
  maxInFlight: number;
  activations: number;
  seconds: number;
  perSecond: number;
  /** The orchestrator's SQL statements, HTTP calls and CPU over the round, from when it was ready. */
  costs: ProcessCosts;
  activationIds: string[];
}

/**
 * One orchestrator process in a consumer group of its own, N BSS activations published at once,
 * timed until every one is completed in the saga's table.
 */
export async function runActivationRound(
  ctx: ActivationRoundContext,
): Promise<ActivationRoundResult> {
  const groupId = `bench.orchestrator.${randomBytes(4).toString('hex')}`;
  const admin = await connectTopicAdmin(ctx.stack.kafka);
  await admin.ensureTopics(groupTopicSpecs(groupId, RETRY_DELAYS_MS));
  await admin.close();
  await startAtTopicEnd(ctx.stack.kafka, groupId, Topics.SubscriberLifecycle);
  const costFile = join(ctx.logsDir, `bench-orchestrator-${ctx.maxInFlight}.costs.json`);
  const orchestrator = await startService(
    {
      name: `bench-orchestrator-${ctx.maxInFlight}`,
      entry: 'test/support/fixtures/orchestrator-worker.ts',
      env: {
        WORKER_GROUP: groupId,
        WORKER_RETRY_DELAYS_MS: RETRY_DELAYS_MS.join(','),
        ...ctx.stack.vendorUrls,
        CONSUMER_MAX_IN_FLIGHT: String(ctx.maxInFlight),
        WORKER_COST_FILE: costFile,
      },
      ready: logReady('ready'),
    },
    join(ctx.logsDir, `bench-orchestrator-${ctx.maxInFlight}.log`),
  );
  const requests = Array.from({ length: ctx.activations }, () => ({
    ...(ctx.request ?? bssActivation)(newIccid()),
    topic: Topics.SubscriberLifecycle,
  }));
  const ids = requests.map((r) => r.data.activationId);
  let seconds: number;
  try {
    const started = Date.now();
    await ctx.stack.bss.publishNow(requests);
    await pollUntil(
      `${ctx.label}: ${ctx.activations} activations completed`,
      ctx.phaseTimeoutMs,
      100,
      async () => (await completed(ctx.stack.db, ids)) === ctx.activations,
    );
    seconds = (Date.now() - started) / 1000;
  } finally {
    await stopService(orchestrator);
  }
  return {
    label: ctx.label,
    maxInFlight: ctx.maxInFlight,
    activations: ctx.activations,
    seconds,
    perSecond: ctx.activations / seconds,
    costs: JSON.parse(readFileSync(costFile, 'utf8')) as ProcessCosts,
    activationIds: ids,
  };
}

/**
 * The lifecycle topic is the catalog's, shared with the demo and the tests: a new group starting
 * from the beginning would first replay every earlier run's events, and the timed activations
 * would queue behind them (one at a time, that history dominated the measurement). The group's
 * offsets are set to the topic's end before it first joins, so a round times only its own.
 */
async function startAtTopicEnd(connection: KafkaConnection, groupId: string, topic: string) {
  const kafka = new Kafka({
    clientId: 'bench-offsets',
    ...kafkajsConnection(connection),
    logLevel: logLevel.NOTHING,
  });
  const admin = kafka.admin();
  await admin.connect();
  try {
    // Not `resetOffsets({ earliest: false })`: kafkajs commits -1 for "latest", which a group
    // without offsets reads as none, and `fromBeginning` then replays the whole topic.
    const ends = await admin.fetchTopicOffsets(topic);
    const partitions = ends.map(({ partition, high }) => ({ partition, offset: high }));
    await admin.setOffsets({ groupId, topic, partitions });
  } finally {
    await admin.disconnect();
  }
}

async function completed(db: DataSource, ids: string[]): Promise<number> {
  const [row] = await db.query<{ n: string }[]>(
    "SELECT count(*) AS n FROM activations WHERE activation_id = ANY($1::text[]) AND state = 'completed'",
    [ids],
  );
  return Number(row.n);
}
