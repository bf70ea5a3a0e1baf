import type { DataSource, EntityManager } from 'typeorm';
import { HandoffError } from '@handoff/resilience';
import { oneAtATime, type BatchHandler } from './consumer/batch-handler';
import { ConsumerRunner } from './consumer/consumer-runner';
import { NO_CONSUMER_METRICS, type ConsumerMetricsSink } from './consumer/consumer-metrics';
import { RecordStateReader } from './consumer/record-state';
import { SettlementCommitter } from './consumer/settlement';
import type { RunnerLog } from './consumer/runner-log';
import type { EventHandler } from './consumer/handler-context';
import { InboxStore } from './consumer/inbox.store';
import { ParkingStore } from './consumer/parking.store';
import { RecordPipeline } from './consumer/record-pipeline';
import type { EventCodec } from './envelope/event-codec';
import type { EventEnvelope, NewEvent, Ownership } from './envelope/event-envelope';
import { OutboxFastPath } from './outbox/outbox-fast-path';
import { OutboxRelay, type OutboxRelayOptions } from './outbox/outbox-relay';
import { OutboxStore } from './outbox/outbox.store';
import type { MessageProducer, MessagingClient } from './port/messaging.port';
import { EventPublisher, type EventPublisherOptions } from './producer/event-publisher';
import type { EventStamper } from './producer/event-stamper';
import { DEFAULT_RETRY_DELAYS_MS, groupTopics } from './topics/topic-catalog';

export interface BackboneOptions extends EventPublisherOptions {
  dataSource: DataSource;
  log: RunnerLog;
  relay?: OutboxRelayOptions;
  /** Where consumer groups report what they handle; nothing is recorded by default. */
  metrics?: ConsumerMetricsSink;
}

export interface ConsumerGroupOptions {
  groupId: string;
  topics: readonly string[];
  /** Handles one record at a time (records of different subscribers concurrently). */
  handler?: EventHandler;
  /** Handles a fetched chunk at a time in one transaction (high-volume consumers); instead of `handler`. */
  batchHandler?: BatchHandler;
  /**
   * Whether `handler` does anything with events of this type. Those it ignores are passed by
   * without a look-up, an inbox row or parking (a service's own events on a shared topic): they
   * have no effect, so neither their order nor their repetition matters. All types by default.
   */
  handles?: (eventType: string) => boolean;
  retryDelaysMs?: readonly number[];
  fromBeginning?: boolean;
  /** Records per transaction in batch mode. */
  chunkSize?: number;
  /** Records in flight per consumer; see `ConsumerRunnerOptions.maxInFlight`. */
  maxInFlight?: number;
  shutdownGraceMs?: number;
}

/**
 * The messaging backbone of one service, framework-free: producer, outbox and relay, and
 * consumer groups with inbox, retry path, parking and dead letters. The Nest module is a thin
 * wrapper around this.
 */
export class Backbone {
  readonly client: MessagingClient;
  readonly producer: MessageProducer;
  readonly codec: EventCodec;
  readonly stamper: EventStamper;
  readonly relay: OutboxRelay;
  private readonly fastPath: OutboxFastPath;
  private readonly outbox = new OutboxStore();
  private readonly runners: ConsumerRunner[] = [];

  constructor(private readonly options: BackboneOptions) {
    const publisher = new EventPublisher(options);
    this.client = publisher.client;
    this.producer = publisher.producer;
    this.codec = publisher.codec;
    this.stamper = publisher.stamper;
    this.relay = new OutboxRelay(
      options.dataSource,
      this.producer,
      this.outbox,
      options.log,
      options.relay,
    );
    this.fastPath = new OutboxFastPath(
      options.dataSource,
      this.producer,
      this.outbox,
      this.relay,
      options.log,
    );
  }

  consumerGroup(group: ConsumerGroupOptions): ConsumerRunner {
    const handler = group.handler ?? (group.batchHandler && oneAtATime(group.batchHandler));
    if (!handler || (group.handler && group.batchHandler)) {
      throw new Error(
        `consumer group ${group.groupId} needs exactly one of handler and batchHandler`,
      );
    }
    const topics = groupTopics(group.groupId, group.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS);
    const { dataSource, log } = this.options;
    const inbox = new InboxStore();
    const parking = new ParkingStore();
    const settlementDeps = {
      groupId: group.groupId,
      dataSource,
      inbox,
      parking,
      outbox: this.outbox,
      fastPath: this.fastPath,
    };
    const runner = new ConsumerRunner(
      this.client,
      {
        ...settlementDeps,
        codec: this.codec,
        pipeline: new RecordPipeline(group.groupId, handler, this.stamper, this.options.tracer),
        producer: this.producer,
        failure: {
          groupId: group.groupId,
          topics,
          ownerOf: (topic, error) => this.failureOwner(topic, error),
        },
        log,
        metrics: this.options.metrics ?? NO_CONSUMER_METRICS,
        stamper: this.stamper,
        tracer: this.options.tracer,
        reader: new RecordStateReader(dataSource, group.groupId),
        committer: new SettlementCommitter(settlementDeps),
        handles: group.handles ?? (() => true),
      },
      {
        topics: group.topics,
        fromBeginning: group.fromBeginning,
        chunkSize: group.chunkSize,
        batchHandler: group.batchHandler,
        maxInFlight: group.maxInFlight,
        shutdownGraceMs: group.shutdownGraceMs,
      },
    );
    this.runners.push(runner);
    return runner;
  }

  /** Every consumer group this backbone started, and whether it runs now (readiness). */
  consumerGroups(): { groupId: string; running: boolean }[] {
    return this.runners.map((runner) => ({ groupId: runner.groupId, running: runner.running() }));
  }

  /**
   * Writes events to the outbox inside the caller's transaction: they are published if and only
   * if the caller's state change commits. Call `relay.wake()` after the commit for low latency.
   */
  async writeToOutbox(
    manager: EntityManager,
    events: readonly NewEvent[],
    cause?: EventEnvelope,
  ): Promise<void> {
    if (!manager.queryRunner) throw new Error('writeToOutbox needs a transactional EntityManager');
    await this.outbox.insert(
      manager.queryRunner,
      events.map((e) => this.stamper.stamp(e, cause)),
    );
  }

  /** Publishes straight to Kafka, for callers with no state change to make atomic with it. */
  async publishNow(events: readonly NewEvent[], cause?: EventEnvelope): Promise<void> {
    await this.producer.send(events.map((e) => this.stamper.stamp(e, cause)));
  }

  /** The outbox rows not yet published and the age of the oldest (every service's: one table). */
  outboxBacklog(): Promise<{ unsent: number; oldestAgeSeconds: number }> {
    return this.outbox.backlog(this.options.dataSource);
  }

  /** Stops consumers first (finishing what is in flight), then the relay, then the producer. */
  async close(): Promise<void> {
    await Promise.all(this.runners.map((r) => r.stop()));
    await this.fastPath.flush();
    await this.relay.stop();
    await this.producer.close();
    await this.client.close();
  }

  private failureOwner(topic: string, error: unknown): Ownership {
    const { ownership } = this.options;
    const named = error instanceof HandoffError ? error.integrationPoint : undefined;
    const owner = (named && ownership.ownerOfPoint(named)) || ownership.ownerOf(topic, 'consume');
    // Start-up validation makes this unreachable for consumed topics; never lose a dead letter over it.
    return owner ?? { integrationPoint: 'unowned', ownerTeam: 'unowned' };
  }
}
