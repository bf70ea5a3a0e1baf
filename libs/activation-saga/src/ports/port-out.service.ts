import type { PortOutNotified } from '@handoff/contracts';
import type { EventEnvelope } from '@handoff/messaging';
import { SimInventory } from '@handoff/sim-inventory';
import type { EntityManager } from 'typeorm';
import { lineBusy } from '../line/line-events';
import type { LineRepository, LineRequestIntake } from '../line/line.repository';
import { decideLineRequest } from '../line/line-transitions';
import type { SagaCommitter, StepOutcome } from '../saga-commit';
import type { SagaLedger } from '../saga-ledger';
import { subscriberPortedOut } from './port-events';

/**
 * The MNO's notice that a number left (docs/lifecycle.md): the MNO already ended the line, so
 * Handoff terminates it in its table, without an order, and tells the BSS `SubscriberPortedOut`.
 * A notice that changes nothing (no line, ended, another number since) is recorded, not answered:
 * the MNO does not read our topic and the BSS asked nothing.
 */
export class PortOutService {
  constructor(
    private readonly lines: LineRepository,
    private readonly committer: SagaCommitter,
    private readonly ledger: SagaLedger,
    private readonly sims = new SimInventory({ checks: false }),
  ) {}

  async onNotified(envelope: EventEnvelope<PortOutNotified>): Promise<void> {
    await this.committer.commit(envelope, async (db) => ({
      result: undefined,
      ...(await this.terminate(db, envelope)),
    }));
  }

  private async terminate(
    db: EntityManager,
    envelope: EventEnvelope<PortOutNotified>,
  ): Promise<StepOutcome> {
    const notice = envelope.data;
    const line = await this.lines.lock(db, notice.subscriberId);
    const intake: LineRequestIntake = {
      requestId: notice.requestId,
      subscriberId: notice.subscriberId,
      kind: 'portOut',
      eventId: envelope.id,
      correlationId: envelope.correlationId,
      requestedAt: notice.receivedAt,
    };
    const previous = await this.lines.findRequest(db, intake);
    const ask = { requestId: notice.requestId, msisdn: notice.msisdn };
    const decision = decideLineRequest({ ...ask, kind: 'portOut' }, line, previous);
    switch (decision.verdict) {
      case 'repeat':
        return { ledger: [this.outcome(envelope, 'duplicate', {})] };
      case 'wait':
        // One order at a time: the MNO answers the open order on a number that left (failed).
        throw lineBusy(intake.subscriberId, decision.openRequestId);
      case 'reject':
        await this.lines.reject(db, intake, decision.code);
        return {
          ledger: [
            this.ledger.consumed(envelope),
            this.outcome(envelope, 'ignored', { reasonCode: decision.code }),
          ],
        };
      case 'apply': {
        const ended = await this.lines.applyNow(db, intake, decision.target);
        await this.sims.lineEnded(db, ended.iccid);
        return {
          events: [subscriberPortedOut(notice, ended)],
          ledger: [this.ledger.consumed(envelope), this.outcome(envelope, 'completed', {})],
        };
      }
    }
  }

  private outcome(envelope: EventEnvelope, outcome: string, summary: Record<string, unknown>) {
    return this.ledger.outcome(envelope, 'portOut', outcome, summary);
  }
}
