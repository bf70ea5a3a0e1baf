import type { DataSource } from 'typeorm';
import {
  Backbone,
  groupTopicSpecs,
  groupTopics,
  type BatchContext,
  type EventEnvelope,
  type HandlerContext,
  type SchemaSource,
} from '@handoff/messaging';
import { handoffTracer } from '@handoff/observability';
import { createDataSource, createScratchDatabase, runMigrations } from '@handoff/persistence';
import { BackboneProbe } from './backbone-profile.probe';
import {
  benchKey,
  benchTopic,
  createTopics,
  deleteTopicsQuietly,
  freshName,
  produceAll,
} from './bench-kafka.util';
import { startProgress, type PhaseProgress } from './bench-progress.reporter';
import { pollUntil, quietly, withDeadline } from './deadline.util';
import { cpuWindow, describeShares, waitForQuietMachine } from './machine-cpu.probe';
import type { RoundContext, RoundResult } from './round.model';

export interface BackboneRoundContext extends RoundContext {
  databaseUrl: string;
  schemas: SchemaSource;
  eventType: string;
  payload: Record<string, unknown>;
  maxInFlight: number | undefined;
  relayBatchSize: number | undefined;
  handlerKind: 'record' | 'batch';
  profile: boolean;
}

const POLL_MS = 25;
const BENCH_OWNER = { integrationPoint: 'bench', ownerTeam: 'platform' };
const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };

/** The same volume through our consumer runner, inbox, outbox and relay, on a database of its own. */
export async function runBackboneRound(ctx: BackboneRoundContext): Promise<RoundResult> {
  const scratch = await createScratchDatabase(ctx.databaseUrl, 'bench_messaging');
  try {
    await runMigrations(scratch.url);
    const dataSource = await createDataSource(scratch.url).initialize();
    try {
      return await runOnTopics(ctx, dataSource);
    } finally {
      await quietly('destroy data source', () => dataSource.destroy());
    }
  } finally {
    await quietly(`drop scratch database ${scratch.name}`, () => scratch.drop());
  }
}

async function runOnTopics(
  ctx: BackboneRoundContext,
  dataSource: DataSource,
): Promise<RoundResult> {
  const source = freshName('backbone.src');
  const sink = freshName('backbone.sink');
  const groupId = freshName('backbone.group');
  const groupSpecs = groupTopicSpecs(groupId);
  await createTopics(ctx.kafka, [benchTopic(source), benchTopic(sink), ...groupSpecs]);
  const backbone = new Backbone({
    service: 'handoff/bench',
    kafka: ctx.kafka,
    dataSource,
    schemas: ctx.schemas,
    ownership: { ownerOf: () => BENCH_OWNER, ownerOfPoint: () => BENCH_OWNER },
    tracer: handoffTracer(),
    log: silent,
    relay: { idleMs: 20, batchSize: ctx.relayBatchSize },
  });
  try {
    await prefill(ctx, backbone, source);
    if (ctx.quietWaitMs > 0) await waitForQuietMachine(ctx.quietWaitMs);
    return await consumeAndRelay(ctx, { backbone, dataSource, source, sink, groupId });
  } finally {
    await quietly('backbone close', () => backbone.close(), 30_000);
    const { retry, deadLetter } = groupTopics(groupId);
    await deleteTopicsQuietly(ctx.kafka, [source, sink, deadLetter, ...retry.map((t) => t.name)]);
  }
}

async function prefill(
  ctx: BackboneRoundContext,
  backbone: Backbone,
  topic: string,
): Promise<void> {
  const progress = startProgress(`backbone #${ctx.round}: pre-produce`, ctx.records);
  try {
    const work = produceAll(
      ctx.records,
      (i) =>
        backbone.stamper.stamp({
          type: ctx.eventType,
          subject: benchKey(i),
          data: ctx.payload,
          topic,
        }),
      (records) => backbone.producer.send(records),
      progress,
    );
    await withDeadline('backbone pre-produce', ctx.phaseTimeoutMs, work);
  } finally {
    progress.stop();
  }
}

interface Loop {
  backbone: Backbone;
  dataSource: DataSource;
  source: string;
  sink: string;
  groupId: string;
}

interface Counts {
  handled: number;
  unsent: number;
}

async function consumeAndRelay(ctx: BackboneRoundContext, loop: Loop): Promise<RoundResult> {
  const { backbone, dataSource, groupId } = loop;
  const probe = ctx.profile ? BackboneProbe.attach(backbone, dataSource) : undefined;
  const echo = (envelope: EventEnvelope) => ({
    type: envelope.type,
    subject: envelope.subject,
    data: envelope.data,
    topic: loop.sink,
  });
  const runner = backbone.consumerGroup({
    groupId,
    topics: [loop.source],
    maxInFlight: ctx.maxInFlight,
    ...(ctx.handlerKind === 'batch'
      ? {
          batchHandler: async (envelopes: readonly EventEnvelope[], batch: BatchContext) =>
            envelopes.forEach((e) => batch.emit(echo(e), e)),
        }
      : {
          handler: async (envelope: EventEnvelope, handling: HandlerContext) =>
            handling.emit(echo(envelope)),
        }),
  });
  const progress = startProgress(`backbone #${ctx.round}: handle+relay`, ctx.records);
  const cpuUsed = cpuWindow();
  const started = performance.now();
  try {
    backbone.relay.start();
    await runner.start();
    const startMs = performance.now() - started;
    await untilAllSent(ctx, dataSource, groupId, progress);
    const elapsedMs = performance.now() - started;
    const cpu = cpuUsed();
    const notes = [describeShares(cpu), ...(probe?.report(elapsedMs) ?? [])];
    return {
      kind: 'backbone',
      round: ctx.round,
      records: ctx.records,
      elapsedMs,
      startMs,
      cpu,
      notes,
    };
  } finally {
    progress.stop();
    probe?.detach();
  }
}

/** Every record handled (inbox) and every emitted event published (no unsent outbox row). */
async function untilAllSent(
  ctx: BackboneRoundContext,
  dataSource: DataSource,
  groupId: string,
  progress: PhaseProgress,
): Promise<void> {
  let counts: Counts = { handled: 0, unsent: 0 };
  await pollUntil(
    'backbone handle+relay',
    ctx.phaseTimeoutMs,
    POLL_MS,
    async () => {
      counts = await countRows(dataSource, groupId);
      // Inbox and outbox rows commit together, one emitted event per handled record.
      progress.update(counts.handled - counts.unsent, `(handled ${counts.handled})`);
      return counts.handled >= ctx.records && counts.unsent === 0;
    },
    () => `handled ${counts.handled} of ${ctx.records}, ${counts.unsent} outbox rows unsent`,
  );
}

/**
 * Both counts stay cheap however big the tables grow: the inbox count reads its primary key, the
 * unsent count the outbox's partial index. (Counting all outbox rows would scan the heap.)
 */
async function countRows(dataSource: DataSource, groupId: string): Promise<Counts> {
  const [row]: { handled: string; unsent: string }[] = await dataSource.query(
    `SELECT (SELECT count(*) FROM inbox WHERE consumer_group = $1) AS handled,
            (SELECT count(*) FROM outbox WHERE sent_at IS NULL) AS unsent`,
    [groupId],
  );
  return { handled: Number(row?.handled ?? 0), unsent: Number(row?.unsent ?? 0) };
}
