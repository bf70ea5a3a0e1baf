import type { EntityManager, QueryRunner } from 'typeorm';
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

const SAVEPOINT = 'handoff_handler';

/**
 * One handler invocation inside the batch transaction. The savepoint is only taken when the
 * handler asks for the transaction, so handlers that only emit cost no extra round trips.
 */
export class RecordContext implements HandlerContext {
  readonly emitted: OutgoingRecord[] = [];
  private savepointTaken = false;

  constructor(
    readonly envelope: EventEnvelope,
    readonly groupId: string,
    readonly attempt: number,
    headers: Headers,
    private readonly qr: QueryRunner,
    private readonly stamper: EventStamper,
  ) {
    this.replay = replayInfo(headers);
  }

  readonly replay: ReplayInfo | undefined;

  emit<T>(event: NewEvent<T>): void {
    this.emitted.push(this.stamper.stamp(event, this.envelope));
  }

  async transaction(): Promise<EntityManager> {
    if (!this.savepointTaken) {
      await this.qr.query(`SAVEPOINT ${SAVEPOINT}`);
      this.savepointTaken = true;
    }
    return this.qr.manager;
  }

  async settle(succeeded: boolean): Promise<void> {
    if (!this.savepointTaken) return;
    await this.qr.query(
      succeeded ? `RELEASE SAVEPOINT ${SAVEPOINT}` : `ROLLBACK TO SAVEPOINT ${SAVEPOINT}`,
    );
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
