import type { Tracer } from '@opentelemetry/api';
import type { DataSource } from 'typeorm';
import type { EventCodec } from '../envelope/event-codec';
import type { MessageProducer } from '../port/messaging.port';
import type { OutboxStore } from '../outbox/outbox.store';
import type { OutboxFastPath } from '../outbox/outbox-fast-path';
import type { EventStamper } from '../producer/event-stamper';
import type { ConsumerMetricsSink } from './consumer-metrics';
import type { FailureContext } from './failure-records';
import type { InboxStore } from './inbox.store';
import type { ParkingStore } from './parking.store';
import type { RecordPipeline } from './record-pipeline';
import type { RecordStateReader } from './record-state';
import type { RunnerLog } from './runner-log';
import type { SettlementCommitter } from './settlement';

export interface ConsumerDeps {
  groupId: string;
  dataSource: DataSource;
  codec: EventCodec;
  pipeline: RecordPipeline;
  producer: MessageProducer;
  inbox: InboxStore;
  parking: ParkingStore;
  outbox: OutboxStore;
  failure: FailureContext;
  /** Stamps the facts the runner itself announces (a dead letter recorded). */
  stamper: EventStamper;
  log: RunnerLog;
  /** Records a consumer span per handling, and the handler's span under it. */
  tracer: Tracer;
  /** Records handled, retried, dead-lettered, parked, and the handler's latency. */
  metrics: ConsumerMetricsSink;
  /** Publishes the outbox rows a transaction wrote, once it has committed. */
  fastPath: OutboxFastPath;
  /** Whether a record was processed and whether its key is blocked, just before it runs. */
  reader: RecordStateReader;
  /** Writes what came of each handling. */
  committer: SettlementCommitter;
  /** Whether the handler acts on events of this type; the others are passed by untouched. */
  handles(eventType: string): boolean;
}
