import type { EventCodec } from '../envelope/event-codec';
import type {
  BatchControl,
  IncomingRecord,
  MessageConsumer,
  PartitionBatch,
} from '../port/messaging.port';
import type { RunnerLog } from './runner-log';
import { ConsumerProgress, type Ticket } from './consumer-progress';
import { decodeRecord, orderingKey, type DecodedRecord } from './decoded-record';
import { KeyedDispatcher } from './keyed-dispatcher';
import { SchemaPrefetch } from './schema-prefetch';

export interface RecordLaneOptions {
  groupId: string;
  codec: EventCodec;
  log: RunnerLog;
  maxInFlight: number;
  process(record: DecodedRecord): Promise<void>;
  /** Milliseconds until a record may run (retry tiers); fetching of its partition waits that long. */
  dueIn?(record: IncomingRecord): number;
}

/** How long a full lane waits for room before it pauses the partition instead. */
const ROOM_WAIT_MS = 200;
const FIRST_BACKOFF_MS = 250;
const MAX_BACKOFF_MS = 10_000;

/**
 * One Kafka consumer's records, handled concurrently across subscribers and in order within one
 * (the Confluent Parallel Consumer's "key" ordering). Fetching continues while there is room and
 * pauses (heartbeating) while `maxInFlight` records are taken and unfinished.
 */
export class RecordLane {
  private readonly dispatcher: KeyedDispatcher;
  private readonly schemas: SchemaPrefetch;
  readonly progress: ConsumerProgress;
  private stopping = false;
  /** Partitions paused because the lane was full, resumed when a record settles. */
  private waitingForRoom: (() => void)[] = [];

  constructor(
    readonly consumer: MessageConsumer,
    private readonly options: RecordLaneOptions,
  ) {
    this.dispatcher = new KeyedDispatcher(options.maxInFlight);
    this.schemas = new SchemaPrefetch(options.codec, options.log, options.groupId);
    this.progress = new ConsumerProgress(
      (positions) => consumer.commit(positions),
      options.log,
      options.groupId,
    );
  }

  get inFlight(): number {
    return this.dispatcher.inFlight;
  }

  get peakInFlight(): number {
    return this.dispatcher.peakInFlight;
  }

  /**
   * Takes the batch's records while there is room. When the lane stays full for a moment (fast
   * handlers free room without a new fetch), the partition is paused at the first record not taken
   * and resumed as soon as a record settles: the batch returns, so kafkajs keeps heartbeating and
   * joins a rebalance without waiting for slow handlers.
   */
  async onBatch(batch: PartitionBatch, control: BatchControl): Promise<void> {
    // Records are decoded (synchronously) as they are dispatched: their writer schemas first.
    if (!(await this.schemas.ready(batch.records, control))) return;
    for (const record of batch.records) {
      if (this.stopping || !control.shouldContinue()) break;
      const wait = this.options.dueIn?.(record) ?? 0;
      if (wait > 0) {
        control.pauseAndRewind(record.offset, wait);
        break;
      }
      if (!(await this.dispatcher.room(ROOM_WAIT_MS))) {
        this.waitingForRoom.push(control.pauseAt(record.offset));
        break;
      }
      const ticket = this.progress.take(record);
      control.take(record.offset);
      if (ticket) this.dispatch(record, ticket);
    }
  }

  /**
   * Stops fetching, gives the records in flight `graceMs` to finish, commits what finished, then
   * leaves the group. Records still running after that are abandoned uncommitted: redelivered.
   */
  async stop(graceMs: number): Promise<number> {
    this.stopping = true;
    this.consumer.pauseAll();
    await this.dispatcher.idle(graceMs);
    await this.progress.flush();
    this.progress.stop();
    const abandoned = this.dispatcher.inFlight;
    await this.consumer.stop();
    return abandoned;
  }

  private dispatch(record: IncomingRecord, ticket: Ticket): void {
    const decoded = decodeRecord(this.options.codec, record);
    this.dispatcher
      .submit(orderingKey(decoded), () => this.runToEnd(decoded))
      .then(
        () => {
          this.progress.finish(ticket);
          this.resumeFetching();
        },
        () => undefined, // abandoned at shutdown: left uncommitted, so it is delivered again
      );
  }

  private resumeFetching(): void {
    if (this.stopping || !this.dispatcher.hasRoom() || this.waitingForRoom.length === 0) return;
    const resumes = this.waitingForRoom;
    this.waitingForRoom = [];
    for (const resume of resumes) resume();
  }

  /**
   * Handler failures are routed by the processor; what escapes is the infrastructure (PostgreSQL
   * unreachable, a broker send failing). The record is tried again in place, in order, until it
   * goes through or the lane stops: nothing after it on its key runs first, and nothing is lost.
   */
  private async runToEnd(decoded: DecodedRecord): Promise<void> {
    for (let backoff = FIRST_BACKOFF_MS; ; backoff = Math.min(backoff * 2, MAX_BACKOFF_MS)) {
      try {
        await this.options.process(decoded);
        return;
      } catch (error) {
        const { record } = decoded;
        this.options.log.error(
          {
            groupId: this.options.groupId,
            topic: record.topic,
            partition: record.partition,
            offset: record.offset,
            error: error instanceof Error ? error.message : String(error),
          },
          this.stopping ? 'record abandoned at shutdown' : 'record handling failed; trying again',
        );
        if (this.stopping) throw error;
        await new Promise((resolve) => setTimeout(resolve, backoff));
      }
    }
  }
}
