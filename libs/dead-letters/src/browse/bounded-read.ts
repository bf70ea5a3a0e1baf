import { randomUUID } from 'node:crypto';
import type { IncomingRecord, MessagingClient } from '@handoff/messaging';
import { DeadLetterReadError } from '../dead-letter-errors';

export interface BoundedReadOptions {
  /** Gives up after this long; the result then says it is partial. */
  deadlineMs?: number;
  /** Caught up once nothing new has arrived for this long after joining. */
  idleMs?: number;
  /** Sees each new batch; returning true stops the read early (e.g. the wanted offsets were seen). */
  stopWhen?: (batch: readonly IncomingRecord[]) => boolean;
}

export interface BoundedRead {
  records: IncomingRecord[];
  /** False when the deadline cut the read short. */
  complete: boolean;
}

const DEFAULTS = { deadlineMs: 30_000, idleMs: 1_500 };

/**
 * Reads topics from the beginning until caught up, through the messaging port. The port exposes no
 * end offsets, so "caught up" means no new record for `idleMs` after the group joined (the kafkajs
 * adapter resolves `run` only after join and sync, and never hands over empty batches). Each read
 * uses a throwaway group; its offsets expire with the broker's offsets retention.
 */
export async function readToEnd(
  client: MessagingClient,
  topics: readonly string[],
  options: BoundedReadOptions = {},
): Promise<BoundedRead> {
  const { deadlineMs, idleMs } = { ...DEFAULTS, ...options };
  const started = Date.now();
  const seen = new Map<string, IncomingRecord>();
  let lastArrival = started;
  let enough = false;
  const consumer = client.consumer({
    groupId: `handoff.ops.browse.${randomUUID()}`,
    maxWaitMs: 100,
  });
  await consumer
    .run({
      topics,
      fromBeginning: true,
      eachBatch: async (batch, control) => {
        const fresh = batch.records.filter(
          (r) => !seen.has(`${r.topic}/${r.partition}/${r.offset}`),
        );
        for (const r of fresh) seen.set(`${r.topic}/${r.partition}/${r.offset}`, r);
        if (fresh.length > 0) lastArrival = Date.now();
        enough ||= options.stopWhen?.(batch.records) ?? false;
        // Without a commit the port hands the same batch over again on the next fetch.
        const last = batch.records[batch.records.length - 1];
        if (last) await control.commit(last.offset);
      },
    })
    .catch((cause: unknown) => {
      throw new DeadLetterReadError(topics, cause);
    });
  try {
    lastArrival = Math.max(lastArrival, Date.now());
    const complete = await settle(
      () => enough || Date.now() - lastArrival >= idleMs,
      started + deadlineMs,
    );
    return { records: sortByPosition([...seen.values()]), complete };
  } finally {
    await consumer.stop();
  }
}

async function settle(done: () => boolean, deadline: number): Promise<boolean> {
  while (!done()) {
    if (Date.now() >= deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return true;
}

function sortByPosition(records: IncomingRecord[]): IncomingRecord[] {
  return records.sort(
    (a, b) =>
      a.topic.localeCompare(b.topic) ||
      a.partition - b.partition ||
      Number(BigInt(a.offset) - BigInt(b.offset)),
  );
}
