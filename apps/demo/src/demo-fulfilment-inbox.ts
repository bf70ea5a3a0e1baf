import { CeHeaders, Topics, type Backbone } from '@handoff/messaging';
import type { Heard } from './demo-bss-inbox';

/** What the fulfilment partner hears on its topic, while it listens. */
export interface FulfilmentInbox {
  /** The events of `type` Handoff published to fulfilment during the run, in order. */
  told<T>(type: string): Heard<T>[];
  stop(): Promise<void>;
}

/**
 * The fulfilment partner's side of its topic (scene 0): what Handoff tells it, decoded with the
 * contracts, with the owner Handoff stamped on each. A group of its own read from the topic's
 * start, so nothing published after `since` is missed while it joins; older records are skipped
 * undecoded. It commits nothing.
 */
export async function listenAsFulfilment(
  backbone: Backbone,
  since: Date,
): Promise<FulfilmentInbox> {
  const heard: ({ type: string } & Heard<unknown>)[] = [];
  const consumer = backbone.client.consumer({
    groupId: `fulfilment-demo-inbox-${since.getTime()}`,
    maxWaitMs: 200,
  });
  await consumer.run({
    topics: [Topics.Fulfilment],
    fromBeginning: true,
    eachBatch: async (batch, control) => {
      for (const record of batch.records) {
        if (Date.parse(record.headers[CeHeaders.time] ?? '') < since.getTime()) continue;
        heard.push({
          type: record.headers[CeHeaders.type],
          data: backbone.codec.fromRecord(record).data,
          integrationPoint: record.headers[CeHeaders.integrationPoint],
          ownerTeam: record.headers[CeHeaders.ownerTeam],
        });
      }
      const last = batch.records.at(-1);
      if (last) control.take(last.offset);
      await Promise.resolve();
    },
  });
  return {
    told: <T>(type: string) => heard.filter((h) => h.type === type).map((h) => h as Heard<T>),
    stop: () => consumer.stop(),
  };
}
