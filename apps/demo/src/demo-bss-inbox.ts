import { EventTypes } from '@handoff/contracts';
import {
  CeHeaders,
  Topics,
  type Backbone,
  type IncomingRecord,
  type MessageConsumer,
} from '@handoff/messaging';

/** Handoff's answers to the BSS's lifecycle requests (scene 10), each naming its request. */
export const LIFECYCLE_ANSWERS: readonly string[] = [
  EventTypes.SubscriberPlanChanged,
  EventTypes.SubscriberSuspended,
  EventTypes.SubscriberResumed,
  EventTypes.SimSwapped,
  EventTypes.SubscriberDeactivated,
  EventTypes.LifecycleRequestRejected,
  EventTypes.PortInPending,
  EventTypes.PortInCompleted,
  EventTypes.PortInRejected,
  EventTypes.SubscriberPortedOut,
];

const HEARD = new Set<string>([
  EventTypes.SubscriberActivated,
  EventTypes.ActivationCaptureFailed,
  EventTypes.ActivationRejected,
  EventTypes.TaxJurisdictionUnresolved,
  EventTypes.PaymentCaptured,
  EventTypes.PaymentDeclined,
  EventTypes.PaymentRefunded,
  EventTypes.PaymentRefundRejected,
  EventTypes.SubscriberSuspensionRequested,
  EventTypes.SubscriberSuspended,
  ...LIFECYCLE_ANSWERS,
]);

/** One event the BSS heard, with the owner Handoff stamped on it (the ownership matrix's). */
export interface Heard<T> {
  data: T;
  integrationPoint: string | undefined;
  ownerTeam: string | undefined;
}

interface Subject {
  subjectId?: string;
  activationId?: string;
  orderId?: string | null;
  paymentId?: string | null;
  requestId?: string;
}

/**
 * What an event is about: an activation's outcome names it; a tax event names it as its order; a
 * BSS payment's outcome (no order) its payment; a suspension its request.
 */
const subjectOf = (data: Subject) =>
  data.activationId ?? data.orderId ?? data.paymentId ?? data.requestId ?? '';

/**
 * The BSS's side of the lifecycle and payment topics, and of the tax topic where the tax owner is
 * told of a place taxed nothing: the outcome events Handoff announces, decoded with the contracts, so the
 * summary reconciles what the BSS was told with what the vendors' ledgers show. A group of its own
 * read from the topics' start (joining takes seconds; nothing is missed while it does); records
 * older than the run are skipped undecoded. It commits nothing.
 */
export class BssInbox {
  private readonly heard: ({ type: string; subject: string } & Heard<unknown>)[] = [];
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
      topics: [Topics.SubscriberLifecycle, Topics.Tax, Topics.Payments],
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

  /**
   * What the BSS was told of one activation (or payment, or suspension request), in the order it
   * arrived (a duplicate shows twice).
   */
  told<T>(type: string, subject: string): T[] {
    return this.toldWithOwner<T>(type, subject).map((h) => h.data);
  }

  /**
   * Handoff's answers to one subscriber's lifecycle requests, in the order the BSS heard them: one
   * subscriber's events share a key, so this is the order Handoff announced them in.
   */
  answersTo(subscriberId: string): { type: string; requestId: string; data: unknown }[] {
    return this.heard
      .filter(
        (h) => LIFECYCLE_ANSWERS.includes(h.type) && (h.data as Subject).subjectId === subscriberId,
      )
      .map((h) => ({ type: h.type, requestId: (h.data as Subject).requestId ?? '', data: h.data }));
  }

  toldWithOwner<T>(type: string, subject: string): Heard<T>[] {
    return this.heard
      .filter((h) => h.type === type && h.subject === subject)
      .map((h) => h as Heard<T>);
  }

  private hear(type: string, record: IncomingRecord): void {
    const data = this.backbone.codec.fromRecord(record).data as Subject;
    this.heard.push({
      type,
      subject: subjectOf(data),
      data,
      integrationPoint: record.headers[CeHeaders.integrationPoint],
      ownerTeam: record.headers[CeHeaders.ownerTeam],
    });
  }
}
