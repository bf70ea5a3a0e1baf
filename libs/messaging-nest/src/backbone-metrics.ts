import { Counter, Gauge, Histogram } from 'prom-client';
import type { Backbone, ConsumerMetricsSink } from '@handoff/messaging';
import { watchConsumerLag } from './consumer-lag-metric';
import { registeredMetric } from '@handoff/observability';

const records = () =>
  registeredMetric(
    'handoff_consumer_records_total',
    (registers) =>
      new Counter({
        name: 'handoff_consumer_records_total',
        help:
          'Records settled per consumer group: handled, retried, waiting (on an outside ' +
          'completion), dead_lettered, duplicate, parked; reason is the error code or class',
        labelNames: ['group', 'outcome', 'reason'],
        registers,
      }),
  );

const handlerDuration = () =>
  registeredMetric(
    'handoff_consumer_handler_duration_seconds',
    (registers) =>
      new Histogram({
        name: 'handoff_consumer_handler_duration_seconds',
        help: 'How long a consumer group handler ran for one record',
        labelNames: ['group'],
        buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
        registers,
      }),
  );

/** Readers by group: the last runner started for a group is the one counted. */
const inFlightReaders = new Map<string, () => number>();

const inFlight = () =>
  registeredMetric(
    'handoff_consumer_records_in_flight',
    (registers) =>
      new Gauge({
        name: 'handoff_consumer_records_in_flight',
        help: 'Records being handled now per consumer group (source and retry consumers)',
        labelNames: ['group'],
        registers,
        collect() {
          for (const [group, read] of inFlightReaders) this.set({ group }, read());
        },
      }),
  );

/** The consumer runner's metrics, in the process registry. */
export function prometheusConsumerMetrics(): ConsumerMetricsSink {
  inFlight();
  return {
    settled(group, outcome, reason, handlerMs) {
      records().inc({ group, outcome, reason });
      if (handlerMs !== undefined) handlerDuration().observe({ group }, handlerMs / 1000);
    },
    parked(group) {
      records().inc({ group, outcome: 'parked', reason: 'subscriber_blocked' });
    },
    watchInFlight(group, read) {
      inFlightReaders.set(group, read);
    },
    watchLag: watchConsumerLag,
  };
}

/** The backbone sampled at each scrape; the latest one started in this process. */
let sampledBackbone: Backbone | undefined;

async function sampleOutbox(): Promise<{ unsent: number; oldestAgeSeconds: number } | undefined> {
  try {
    return await sampledBackbone?.outboxBacklog();
  } catch {
    // A scrape while the database is down still answers the other metrics.
    return undefined;
  }
}

/** Outbox backlog gauges, read from the database when Prometheus scrapes (not on a timer). */
export function watchOutbox(backbone: Backbone): void {
  sampledBackbone = backbone;
  registeredMetric(
    'handoff_outbox_unsent_rows',
    (registers) =>
      new Gauge({
        name: 'handoff_outbox_unsent_rows',
        help: 'Outbox rows written but not yet published to Kafka (all services share the table)',
        registers,
        async collect() {
          const backlog = await sampleOutbox();
          if (backlog) this.set(backlog.unsent);
        },
      }),
  );
  registeredMetric(
    'handoff_outbox_oldest_unsent_age_seconds',
    (registers) =>
      new Gauge({
        name: 'handoff_outbox_oldest_unsent_age_seconds',
        help: 'How long the oldest unpublished outbox row has waited; 0 when none waits',
        registers,
        async collect() {
          const backlog = await sampleOutbox();
          if (backlog) this.set(backlog.oldestAgeSeconds);
        },
      }),
  );
}
