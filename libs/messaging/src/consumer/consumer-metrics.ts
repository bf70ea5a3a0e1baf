import { AwaitingCompletionError, HandoffError } from '@handoff/resilience';
import type { PartitionLag } from '../port/messaging.port';

/** What came of one record in a consumer group, as counted. */
export type RecordCount = 'handled' | 'retried' | 'waiting' | 'dead_lettered' | 'duplicate';

/** One partition's lag for one Kafka consumer group (a runner has two: its own and its `.retry`). */
export interface GroupLag extends PartitionLag {
  group: string;
}

/**
 * Where the consumer runner reports what it does, kept free of any metrics library: the service
 * plugs in its own (Prometheus in `@handoff/messaging-nest`); by default nothing is recorded.
 * Every label must stay bounded: a group, an outcome, an error code, never an id.
 */
export interface ConsumerMetricsSink {
  /** A handling settled; `handlerMs` is how long the handler ran (none for an undecodable record). */
  settled(groupId: string, count: RecordCount, reason: string, handlerMs?: number): void;
  /** A record parked behind an earlier event of its subscriber that waits in the retry path. */
  parked(groupId: string): void;
  /** Called once per runner: `read` gives the records in flight now. */
  watchInFlight(groupId: string, read: () => number): void;
  /** Called once per runner: `read` asks Kafka for the lag of its groups now (at a scrape). */
  watchLag(groupId: string, read: () => Promise<GroupLag[]>): void;
}

export const NO_CONSUMER_METRICS: ConsumerMetricsSink = {
  settled: () => undefined,
  parked: () => undefined,
  watchInFlight: () => undefined,
  watchLag: () => undefined,
};

/** A bounded reason: the error's dotted code, else its class name. */
export function failureReason(error: unknown): string {
  if (error instanceof HandoffError) return error.code;
  return error instanceof Error ? error.name : 'unknown';
}

/** A retry outcome spends an attempt; waiting on an outside completion does not. */
export function retryCount(error: unknown): RecordCount {
  return error instanceof AwaitingCompletionError ? 'waiting' : 'retried';
}
