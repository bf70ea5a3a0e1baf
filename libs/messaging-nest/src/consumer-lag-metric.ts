import { Gauge } from 'prom-client';
import type { GroupLag } from '@handoff/messaging';
import { registeredMetric } from '@handoff/observability';

/** A scrape waits this long for Kafka's offsets; past it, the lag is left out of that scrape. */
export const LAG_READ_TIMEOUT_MS = 2_000;

/** Readers by runner group: the last runner started for a group is the one read. */
const lagReaders = new Map<string, SingleFlight>();

/**
 * One read at a time per runner: a scrape that comes while Kafka is still answering the last one
 * waits for that answer instead of stacking another request behind it.
 */
class SingleFlight {
  private pending: Promise<GroupLag[]> | undefined;

  constructor(private readonly read: () => Promise<GroupLag[]>) {}

  run(): Promise<GroupLag[]> {
    this.pending ??= this.read().finally(() => (this.pending = undefined));
    return this.pending;
  }
}

/** The lag of `reader`, or nothing when Kafka does not answer within the timeout. */
async function within(reader: SingleFlight): Promise<GroupLag[]> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<GroupLag[]>((done) => {
    timer = setTimeout(() => done([]), LAG_READ_TIMEOUT_MS);
  });
  try {
    return await Promise.race([reader.run().catch(() => []), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

const consumerLag = () =>
  registeredMetric(
    'handoff_consumer_lag_records',
    (registers) =>
      new Gauge({
        name: 'handoff_consumer_lag_records',
        help:
          "Records a consumer group has not committed yet per partition (the partition's end " +
          'offset minus the committed one), read from Kafka at each scrape',
        labelNames: ['group', 'topic', 'partition'],
        registers,
        async collect() {
          // Only what Kafka answered this time: a partition no longer read, or a read that failed, is not shown stale.
          this.reset();
          const lags = await Promise.all([...lagReaders.values()].map(within));
          for (const { group, topic, partition, lag } of lags.flat()) {
            this.set({ group, topic, partition: String(partition) }, lag);
          }
        },
      }),
  );

/** Registers a runner's lag reader (`ConsumerMetricsSink.watchLag`). */
export function watchConsumerLag(group: string, read: () => Promise<GroupLag[]>): void {
  consumerLag();
  lagReaders.set(group, new SingleFlight(read));
}
