import { backoffDelay, type BackoffSettings } from '@handoff/resilience';
import type { EventCodec } from '../envelope/event-codec';
import type { BatchControl, IncomingRecord } from '../port/messaging.port';
import { SchemaRegistryUnavailableError } from '../serde/schema-registry.errors';
import type { RunnerLog } from './runner-log';

const DEFAULT_BACKOFF: Pick<BackoffSettings, 'baseMs' | 'capMs'> = { baseMs: 500, capMs: 5_000 };

/**
 * The one place where a schema registry outage meets the consumer. Before a unit of records is
 * decoded (synchronously), their writer schemas are fetched; while the registry does not answer,
 * the unit is not processed and nothing is committed or dead-lettered: its partition pauses and
 * rewinds to the unit's first record, and is fetched again after a backoff that grows per partition.
 */
export class SchemaPrefetch {
  /** Consecutive outages per partition (`topic:partition`). */
  private readonly outages = new Map<string, number>();

  constructor(
    private readonly codec: EventCodec,
    private readonly log: RunnerLog,
    private readonly groupId: string,
    private readonly backoff = DEFAULT_BACKOFF,
  ) {}

  /**
   * Resolves the records' writer schemas before anything of them is taken. True when they may be
   * decoded now; false when the registry did not answer and the partition was paused: the caller
   * must then return from the batch without taking or committing anything of it.
   */
  ready(records: readonly IncomingRecord[], control: BatchControl): Promise<boolean> {
    return this.run(records, control, async () => undefined);
  }

  /**
   * Resolves the records' writer schemas, then runs `work` (which may resolve more, e.g. parked
   * records). True when the work ran; false when the registry did not answer and the partition was
   * paused: the caller must then return from the batch without committing.
   */
  async run(
    records: readonly IncomingRecord[],
    control: BatchControl,
    work: () => Promise<void>,
  ): Promise<boolean> {
    const [first] = records;
    if (!first) return true;
    const partition = `${first.topic}:${first.partition}`;
    try {
      await this.codec.prepare(records);
      await work();
    } catch (error) {
      if (!(error instanceof SchemaRegistryUnavailableError)) throw error;
      this.pause(first, partition, control, error);
      return false;
    }
    if (this.outages.delete(partition)) {
      this.log.info(
        { groupId: this.groupId, topic: first.topic, partition: first.partition },
        'schema registry answers again: partition resumed',
      );
    }
    return true;
  }

  private pause(
    first: IncomingRecord,
    partition: string,
    control: BatchControl,
    error: SchemaRegistryUnavailableError,
  ): void {
    const outages = (this.outages.get(partition) ?? 0) + 1;
    this.outages.set(partition, outages);
    const delayMs = Math.max(this.backoff.baseMs, backoffDelay(outages, this.backoff));
    control.pauseAndRewind(first.offset, delayMs);
    // Once per outage, not once per retry: a long outage would otherwise flood the log.
    if (outages > 1) return;
    this.log.warn(
      {
        groupId: this.groupId,
        topic: first.topic,
        partition: first.partition,
        offset: first.offset,
        error: { name: error.name, message: error.message },
      },
      'schema registry unavailable: partition paused, its records are fetched again after a backoff',
    );
  }
}
