import type { EntityManager } from 'typeorm';
import type { LazyTransaction } from './lazy-transaction';
import type { EventEnvelope, NewEvent } from '../envelope/event-envelope';
import { ReplayHeaders } from '../envelope/headers';
import type { Headers, OutgoingRecord } from '../port/messaging.port';
import type { EventStamper } from '../producer/event-stamper';

export interface ReplayInfo {
  replayId: string;
  replayedBy: string;
  replayedAt: string;
  reason: string;
}

/** What a handler gets besides the event: where to write, how to emit, which attempt this is. */
export interface HandlerContext {
  readonly envelope: EventEnvelope;
  readonly groupId: string;
  /** 1 for the first delivery, 2 for the first retry, ... */
  readonly attempt: number;
  readonly replay: ReplayInfo | undefined;
  /**
   * Queues an event; it is written to the outbox in the same transaction as the handler's own
   * writes and the inbox row, so it is published if and only if this handling commits.
   */
  emit<T>(event: NewEvent<T>): void;
  /** The transaction of this handling. Writes through it are undone if the handler throws. */
  transaction(): Promise<EntityManager>;
}

export type EventHandler = (envelope: EventEnvelope, ctx: HandlerContext) => Promise<void>;

/**
 * One handler invocation. It runs outside any transaction: a handler that calls a vendor holds no
 * pooled connection while it waits. The transaction is opened when the handler first asks for it,
 * and the runner then writes the inbox row and the emitted events in it, so they commit together.
 */
export class RecordContext implements HandlerContext {
  readonly emitted: OutgoingRecord[] = [];
  readonly replay: ReplayInfo | undefined;

  constructor(
    readonly envelope: EventEnvelope,
    readonly groupId: string,
    readonly attempt: number,
    headers: Headers,
    private readonly tx: LazyTransaction,
    private readonly stamper: EventStamper,
  ) {
    this.replay = replayInfo(headers);
  }

  emit<T>(event: NewEvent<T>): void {
    this.emitted.push(this.stamper.stamp(event, this.envelope));
  }

  async transaction(): Promise<EntityManager> {
    return (await this.tx.open()).manager;
  }
}

function replayInfo(headers: Headers): ReplayInfo | undefined {
  const replayId = headers[ReplayHeaders.replayId];
  if (!replayId) return undefined;
  return {
    replayId,
    replayedBy: headers[ReplayHeaders.replayedBy] ?? 'unknown',
    replayedAt: headers[ReplayHeaders.replayedAt] ?? '',
    reason: headers[ReplayHeaders.replayReason] ?? '',
  };
}
