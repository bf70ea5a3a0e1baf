import { randomUUID } from 'node:crypto';
import { envelopeHeaders, kafkajsConnection, rootTraceparentOf } from '@handoff/messaging';
import {
  CompressionTypes,
  Kafka,
  logLevel,
  type Consumer,
  type EachBatchPayload,
  type Producer,
} from 'kafkajs';
import {
  benchKey,
  benchTopic,
  createTopics,
  deleteTopicsQuietly,
  freshName,
  produceAll,
} from './bench-kafka.util';
import { startProgress, type PhaseProgress } from './bench-progress.reporter';
import { quietly, withDeadline } from './deadline.util';
import { cpuWindow, describeShares, waitForQuietMachine } from './machine-cpu.probe';
import type { RoundContext, RoundResult } from './round.model';

const VALUE_BYTES = 1024;

/**
 * The floor to compare against: kafkajs alone, consume a batch, produce as many records to the
 * sink with acks=-1 on an idempotent producer, then commit. No decoding, no database.
 */
export async function runBareRound(ctx: RoundContext): Promise<RoundResult> {
  const source = freshName('bare.src');
  const sink = freshName('bare.sink');
  await createTopics(ctx.kafka, [benchTopic(source), benchTopic(sink)]);
  const kafka = new Kafka({
    clientId: 'handoff-bench-bare',
    ...kafkajsConnection(ctx.kafka),
    logLevel: logLevel.ERROR,
  });
  // The same producer settings as the backbone's kafkajs adapter.
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  const consumer = kafka.consumer({
    groupId: freshName('bare.group'),
    allowAutoTopicCreation: false,
  });
  try {
    await producer.connect();
    await prefill(ctx, producer, source);
    if (ctx.quietWaitMs > 0) await waitForQuietMachine(ctx.quietWaitMs);
    return await consumeAndProduce(ctx, { producer, consumer, source, sink });
  } finally {
    await quietly('bare consumer disconnect', () => consumer.disconnect());
    await quietly('bare producer disconnect', () => producer.disconnect());
    await deleteTopicsQuietly(ctx.kafka, [source, sink]);
  }
}

async function prefill(ctx: RoundContext, producer: Producer, topic: string): Promise<void> {
  const value = Buffer.alloc(VALUE_BYTES, 'b');
  const progress = startProgress(`bare #${ctx.round}: pre-produce`, ctx.records);
  try {
    const work = produceAll(
      ctx.records,
      (i) => ({ key: benchKey(i), value, headers: cloudEventsHeaders(benchKey(i)) }),
      async (messages) => {
        await producer.send({ topic, acks: -1, compression: CompressionTypes.None, messages });
      },
      progress,
    );
    await withDeadline('bare pre-produce', ctx.phaseTimeoutMs, work);
  } finally {
    progress.stop();
  }
}

interface Loop {
  producer: Producer;
  consumer: Consumer;
  source: string;
  sink: string;
}

interface Tally {
  done: number;
  batches: number;
}

async function consumeAndProduce(ctx: RoundContext, loop: Loop): Promise<RoundResult> {
  const tally: Tally = { done: 0, batches: 0 };
  let finish!: () => void;
  const finished = new Promise<void>((resolve) => (finish = resolve));
  const progress = startProgress(`bare #${ctx.round}: consume+produce`, ctx.records);
  const cpuUsed = cpuWindow();
  const started = performance.now();
  try {
    await loop.consumer.connect();
    await loop.consumer.subscribe({ topics: [loop.source], fromBeginning: true });
    await loop.consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      eachBatch: forwardBatch(loop, tally, progress, () => tally.done >= ctx.records && finish()),
    });
    const startMs = performance.now() - started;
    await withDeadline(
      'bare consume+produce',
      ctx.phaseTimeoutMs,
      finished,
      () => `${tally.done}/${ctx.records} done`,
    );
    const elapsedMs = performance.now() - started;
    const cpu = cpuUsed();
    const notes = [
      describeShares(cpu),
      `${tally.batches} batches of ${Math.round(tally.done / tally.batches)} records on average`,
    ];
    return { kind: 'bare', round: ctx.round, records: ctx.records, elapsedMs, startMs, cpu, notes };
  } finally {
    progress.stop();
  }
}

/** Produce the batch's records to the sink (all in-sync replicas acknowledge), then commit past them. */
function forwardBatch(loop: Loop, tally: Tally, progress: PhaseProgress, afterBatch: () => void) {
  return async ({ batch, resolveOffset, heartbeat, isRunning, isStale }: EachBatchPayload) => {
    if (batch.messages.length === 0 || !isRunning() || isStale()) return;
    await loop.producer.sendBatch({
      acks: -1,
      compression: CompressionTypes.None,
      topicMessages: [
        {
          topic: loop.sink,
          messages: batch.messages.map((m) => ({ key: m.key, value: m.value, headers: m.headers })),
        },
      ],
    });
    const last = batch.messages[batch.messages.length - 1].offset;
    resolveOffset(last);
    await loop.consumer.commitOffsets([
      { topic: batch.topic, partition: batch.partition, offset: (BigInt(last) + 1n).toString() },
    ]);
    await heartbeat();
    tally.done += batch.messages.length;
    tally.batches += 1;
    progress.update(tally.done);
    afterBatch();
  };
}

/**
 * The same twelve CloudEvents headers the backbone's records carry, so both loops move identical
 * volumes (key, 1 KB value, headers) and the ratio isolates what the backbone does with them.
 */
function cloudEventsHeaders(subject: string): Record<string, string> {
  const id = randomUUID();
  return envelopeHeaders({
    id,
    type: 'handoff.activation.ActivationRequested',
    source: 'handoff/bench',
    time: new Date().toISOString(),
    subject,
    correlationId: id,
    causationId: id,
    traceparent: rootTraceparentOf('handoff/bench', id),
    integrationPoint: 'bench',
    ownerTeam: 'platform',
    data: null,
  });
}
