import type { EntityManager } from 'typeorm';
import type { EventEnvelope, NewEvent } from '../envelope/event-envelope';
import type { EventHandler } from './handler-context';

/** What a batch handler gets besides the events: one transaction for the whole batch. */
export interface BatchContext {
  readonly groupId: string;
  /** The transaction of the whole batch: its writes commit with the inbox rows of every event. */
  transaction(): Promise<EntityManager>;
  /** Queues an event caused by one of the batch's events, published if the batch commits. */
  emit<T>(event: NewEvent<T>, cause: EventEnvelope): void;
}

/**
 * Takes a whole fetched batch at once, for high-volume consumers that write with multi-row
 * statements or COPY. When it throws, the runner finds the failing records by handing each record
 * over alone, so one bad record costs the batch its speed, never its other records.
 */
export type BatchHandler = (
  envelopes: readonly EventEnvelope[],
  ctx: BatchContext,
) => Promise<void>;

/** The same handler one record at a time, for the retry tiers (records arrive there one by one). */
export function oneAtATime(handler: BatchHandler): EventHandler {
  return (envelope, ctx) =>
    handler([envelope], {
      groupId: ctx.groupId,
      transaction: () => ctx.transaction(),
      emit: (event) => ctx.emit(event),
    });
}
