import { randomUUID } from 'node:crypto';
import type { IncomingRecord, MessagingClient } from '@handoff/messaging';
import { DeadLetterReadError } from '../dead-letter-errors';

export interface BoundedReadOptions {
  /** Gives up after this long; the result then says it is partial. */
  deadlineMs?: number;
  /** Sees each new batch; returning true stops the read early (e.g. the wanted offsets were seen). */
  stopWhen?: (batch: readonly IncomingRecord[]) => boolean;
}

export interface BoundedRead {
  records: IncomingRecord[];
  /** False when the deadline cut the read short. */
  complete: boolean;
}

const DEFAULTS = { deadlineMs: 30_000 };

/**
 * Reads topics from the beginning up to where each partition ended when the read started (the
 * port's partition ranges), so a listing is exact rather than "nothing new for a while". Each read
 * uses a throwaway group; its offsets expire with the broker's offsets retention.
 */
export async function readToEnd(
  client: MessagingClient,
  topics: readonly string[],
  options: BoundedReadOptions = {},
): Promise<BoundedRead> {
  const { deadlineMs } = { ...DEFAULTS, ...options };
  const started = Date.now();
  const seen = new Map<string, IncomingRecord>();
  const remaining = await unreadPartitions(client, topics);
  // Only topics with records to read are subscribed to: an empty or missing one has nothing.
  const withRecords = topics.filter((t) =>
    [...remaining.keys()].some((k) => k.startsWith(`${t}/`)),
  );
  if (withRecords.length === 0) return { records: [], complete: true };
  let enough = false;
  const consumer = client.consumer({
    groupId: `handoff.ops.browse.${randomUUID()}`,
    maxWaitMs: 100,
  });
  await consumer
    .run({
      topics: withRecords,
      fromBeginning: true,
      eachBatch: async (batch, control) => {
        const fresh = batch.records.filter(
          (r) => !seen.has(`${r.topic}/${r.partition}/${r.offset}`),
        );
        for (const r of fresh) seen.set(`${r.topic}/${r.partition}/${r.offset}`, r);
        for (const r of fresh) {
          const key = `${r.topic}/${r.partition}`;
          if (BigInt(r.offset) + 1n >= (remaining.get(key) ?? 0n)) remaining.delete(key);
        }
        enough ||= options.stopWhen?.(batch.records) ?? false;
        // Without a commit the port hands the same batch over again on the next fetch.
        const last = batch.records[batch.records.length - 1];
        if (last) await control.commit(last.offset);
      },
    })
    .catch((cause: unknown) => {
      throw new DeadLetterReadError(withRecords, cause);
    });
  try {
    const complete = await settle(() => enough || remaining.size === 0, started + deadlineMs);
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

/** The partitions that hold records, with the offset the read must reach (their high watermark). */
async function unreadPartitions(
  client: MessagingClient,
  topics: readonly string[],
): Promise<Map<string, bigint>> {
  const ranges = await client.partitionRanges(topics).catch((cause: unknown) => {
    throw new DeadLetterReadError(topics, cause);
  });
  return new Map(
    ranges
      .filter((r) => BigInt(r.high) > BigInt(r.low))
      .map((r) => [`${r.topic}/${r.partition}`, BigInt(r.high)]),
  );
}
