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
  EventTypes.TaxJurisdictionUnresolved,
]);

/** One event the BSS heard, with the owner Handoff stamped on it (the ownership matrix's). */
export interface Heard<T> {
  data: T;
  integrationPoint: string | undefined;
  ownerTeam: string | undefined;
}

/** What an event is about: an activation's outcome names it; a tax event names it as its order. */
const activationOf = (data: { activationId?: string; orderId?: string }) =>
  data.activationId ?? data.orderId ?? '';

/**
 * The BSS's side of the lifecycle topic, and of the tax topic where the tax owner is told of a
 * place taxed nothing: the outcome events Handoff announces, decoded with the contracts, so the
 * summary reconciles what the BSS was told with what the vendors' ledgers show. A group of its own
 * read from the topics' start (joining takes seconds; nothing is missed while it does); records
 * older than the run are skipped undecoded. It commits nothing.
 */
export class BssInbox {
  private readonly heard: ({ type: string; activationId: string } & Heard<unknown>)[] = [];
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
      topics: [Topics.SubscriberLifecycle, Topics.Tax],
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
  told<T>(type: string, activationId: string): T[] {
    return this.toldWithOwner<T>(type, activationId).map((h) => h.data);
  }

  toldWithOwner<T>(type: string, activationId: string): Heard<T>[] {
    return this.heard
      .filter((h) => h.type === type && h.activationId === activationId)
      .map((h) => h as Heard<T>);
  }

  private hear(type: string, record: IncomingRecord): void {
    const data = this.backbone.codec.fromRecord(record).data as { activationId?: string };
    this.heard.push({
      type,
      activationId: activationOf(data),
      data,
      integrationPoint: record.headers[CeHeaders.integrationPoint],
      ownerTeam: record.headers[CeHeaders.ownerTeam],
    });
  }
}
