import type { SimBatchShipped, SimReportedLost, SimReturned } from '@handoff/contracts';
import type { EventEnvelope, HandlerContext } from '@handoff/messaging';
import type { Logger } from '@handoff/observability';
import type { SimMove } from './sim';
import { SimInventoryRepository } from './sim-inventory.repository';
import type { Receipt } from './sim-receipt';

/** Counts of what a batch did, for the log line and the import report alike. */
export function countReceipts(receipts: readonly Receipt[]): Record<Receipt['outcome'], number> {
  const counts = { added: 0, shipped: 0, unchanged: 0, conflict: 0 };
  for (const r of receipts) counts[r.outcome] += 1;
  return counts;
}

/**
 * The fulfilment partner's events, each applied in the consumer's transaction (with its inbox row,
 * so a redelivery is dropped; the moves are idempotent besides). A conflict or a move the SIM's
 * state does not allow is a business fact, logged for the fulfilment owner, never a dead letter.
 */
export class FulfilmentIntake {
  constructor(
    private readonly log: Logger,
    private readonly repository = new SimInventoryRepository(),
  ) {}

  async onBatchShipped(
    envelope: EventEnvelope<SimBatchShipped>,
    handling: HandlerContext,
  ): Promise<void> {
    const { batchId, part, sims, shippedAt } = envelope.data;
    const delivered = sims.map((s) => ({ ...s, batchId }));
    const db = await handling.transaction();
    const receipts = await this.repository.receive(db, delivered, new Date(shippedAt));
    const counts = countReceipts(receipts);
    const ids = { eventId: envelope.id, correlationId: envelope.correlationId, batchId, part };
    if (counts.conflict > 0) this.log.warn({ ...ids, ...counts }, 'SIM batch part has conflicts');
    else this.log.info({ ...ids, ...counts }, 'SIM batch part received');
  }

  onReportedLost(envelope: EventEnvelope<SimReportedLost>, handling: HandlerContext) {
    return this.apply(envelope, handling, 'reportedLost');
  }

  onReturned(envelope: EventEnvelope<SimReturned>, handling: HandlerContext) {
    return this.apply(envelope, handling, 'returned');
  }

  private async apply(
    envelope: EventEnvelope<SimReportedLost | SimReturned>,
    handling: HandlerContext,
    move: SimMove,
  ): Promise<void> {
    const db = await handling.transaction();
    const state = await this.repository.move(db, envelope.data.iccid, move);
    const ids = { eventId: envelope.id, correlationId: envelope.correlationId, move };
    if (state === undefined)
      this.log.warn(ids, 'SIM reported by fulfilment is not in the inventory');
    else this.log.info({ ...ids, state }, 'SIM reported by fulfilment');
  }
}
