import { EventTypes } from '@handoff/contracts';
import {
  CeHeaders,
  Topics,
  type Backbone,
  type IncomingRecord,
  type MessageConsumer,
} from '@handoff/messaging';

const HEARD = new Set<string>([
  EventTypes.SubscriberActivated,
  EventTypes.ActivationCaptureFailed,
  EventTypes.ActivationRejected,
]);

/**
 * The BSS's side of the lifecycle topic: the outcome events Handoff announces, decoded with the
 * contracts, so the summary reconciles what the BSS was told with what the vendors' ledgers show.
 * A group of its own read from the topic's start (joining takes seconds; nothing is missed while
 * it does); records older than the run are skipped undecoded. It commits nothing.
 */
export class BssInbox {
  private readonly heard: { type: string; data: { activationId: string } }[] = [];
  private readonly consumer: MessageConsumer;

  constructor(
    private readonly backbone: Backbone,
    private readonly since: Date,
  ) {
    this.consumer = backbone.client.consumer({
      groupId: `bss-demo-inbox-${since.getTime()}`,
      maxWaitMs: 200,
    });
  }

  start(): Promise<void> {
    return this.consumer.run({
      topics: [Topics.SubscriberLifecycle],
      fromBeginning: true,
      eachBatch: async (batch, control) => {
        for (const record of batch.records) {
          const type = record.headers[CeHeaders.type];
          const time = Date.parse(record.headers[CeHeaders.time] ?? '');
          if (HEARD.has(type) && time >= this.since.getTime()) this.hear(type, record);
        }
        const last = batch.records.at(-1);
        if (last) control.take(last.offset);
        await Promise.resolve();
      },
    });
  }

  stop(): Promise<void> {
    return this.consumer.stop();
  }

  /** What the BSS was told of one activation, in the order it arrived (a duplicate shows twice). */
  told<T extends { activationId: string }>(type: string, activationId: string): T[] {
    return this.heard
      .filter((h) => h.type === type && h.data.activationId === activationId)
      .map((h) => h.data as T);
  }

  private hear(type: string, record: IncomingRecord): void {
    const data = this.backbone.codec.fromRecord(record).data as { activationId: string };
    this.heard.push({ type, data });
  }
}
