import { randomUUID } from 'node:crypto';
import {
  DeadLetterHeaders,
  type Backbone,
  type IncomingRecord,
  type MessageConsumer,
} from '@handoff/messaging';

/** Reads a dead-letter topic through the messaging port, for the demo's progress and summary. */
export class DeadLetterWatch {
  readonly records: IncomingRecord[] = [];
  private consumer: MessageConsumer | undefined;

  /** @param belongsToRun picks this run's dead letters out of everything on the topic */
  constructor(private readonly belongsToRun: (record: IncomingRecord) => boolean) {}

  async start(backbone: Backbone, topic: string): Promise<void> {
    this.consumer = backbone.client.consumer({
      groupId: `handoff.backbone-demo.dlt-watch.${randomUUID()}`,
      maxWaitMs: 200,
    });
    await this.consumer.run({
      topics: [topic],
      fromBeginning: false,
      eachBatch: async (batch, control) => {
        this.records.push(...batch.records.filter(this.belongsToRun));
        const last = batch.records[batch.records.length - 1];
        if (last) await control.commit(last.offset);
      },
    });
  }

  describe(record: IncomingRecord): string {
    const h = record.headers;
    return (
      `${h[DeadLetterHeaders.errorCode]} at ${h[DeadLetterHeaders.stage]} after ${h[DeadLetterHeaders.attempts]} ` +
      `attempt(s), owner ${h[DeadLetterHeaders.ownerTeam]} (${h[DeadLetterHeaders.integrationPoint]})`
    );
  }

  async stop(): Promise<void> {
    await this.consumer?.stop();
  }
}
