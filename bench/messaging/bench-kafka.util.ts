import { randomBytes } from 'node:crypto';
import type { KafkaConnection } from '@handoff/config';
import { connectTopicAdmin, type TopicSpec } from '@handoff/messaging';
import { quietly } from './deadline.util';
import type { PhaseProgress } from './bench-progress.reporter';

/** Records per produce request when filling a source topic (about 1 MB of 1 KB records). */
export const PRODUCE_CHUNK = 1_000;

/** Topic and group names no earlier run used, so a round never sees another's records or offsets. */
export function freshName(prefix: string): string {
  return `bench.${prefix}.${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
}

export function benchTopic(name: string, partitions = 6): TopicSpec {
  return { name, partitions, retentionMs: 3_600_000, description: 'messaging bench, throwaway' };
}

export async function createTopics(
  kafka: KafkaConnection,
  specs: readonly TopicSpec[],
): Promise<void> {
  const admin = await connectTopicAdmin(kafka, 'handoff-bench-admin');
  try {
    await admin.ensureTopics(specs);
  } finally {
    await admin.close();
  }
}

/** Best effort: the broker would drop them with its retention anyway. */
export async function deleteTopicsQuietly(
  kafka: KafkaConnection,
  names: readonly string[],
): Promise<void> {
  await quietly(`delete topics ${names.join(', ')}`, async () => {
    const admin = await connectTopicAdmin(kafka, 'handoff-bench-admin');
    try {
      await admin.deleteTopics(names);
    } finally {
      await admin.close();
    }
  });
}

/** Sends `count` records in chunks, building each chunk only when it is its turn. */
export async function produceAll<T>(
  count: number,
  build: (index: number) => T,
  send: (chunk: T[]) => Promise<void>,
  progress: PhaseProgress,
): Promise<void> {
  for (let start = 0; start < count; start += PRODUCE_CHUNK) {
    const end = Math.min(count, start + PRODUCE_CHUNK);
    const chunk: T[] = [];
    for (let i = start; i < end; i += 1) chunk.push(build(i));
    await send(chunk);
    progress.update(end);
  }
}

/** A key per record, spread evenly over the partitions. */
export function benchKey(index: number): string {
  return `bench-subscriber-${index}`;
}
