import {
  EventTypes,
  type SubscriberSuspended,
  type SubscriberSuspensionRequested,
} from '@handoff/contracts';
import type { EventEnvelope } from '@handoff/messaging';
import { DeferredError } from '@handoff/resilience';
import type { EntityManager } from 'typeorm';
import { requestRejected } from './line/line-events';
import type { LineRepository, LineRequestIntake } from './line/line.repository';
import { decideLineRequest } from './line/line-transitions';
import type { SagaCommitter, StepOutcome } from './saga-commit';
import type { SagaLedger } from './saga-ledger';

/** How soon a request behind a line's open order looks again. */
const BUSY_RETRY_AFTER_MS = 1_000;

/**
 * Lifecycle requests after activation. They share the activation's topic and are keyed by the
 * subscriber id like every event of the line, and the consumer parks a subscriber's later events
 * while an earlier one waits in the retry path, so a suspend can never overtake the activation it
 * follows. Whether a request may change the line is `decideLineRequest`'s (docs/lifecycle.md).
 */
export class LifecycleService {
  constructor(
    private readonly lines: LineRepository,
    private readonly committer: SagaCommitter,
    private readonly ledger: SagaLedger,
  ) {}

  /**
   * Suspends the line in Handoff's table and announces it; no MNO order is placed yet (the
   * orchestrator's lifecycle orders are the next step of issue 11).
   */
  async onSuspensionRequested(
    envelope: EventEnvelope<SubscriberSuspensionRequested>,
  ): Promise<void> {
    await this.committer.commit(envelope, async (db) => ({
      result: undefined,
      ...(await this.suspend(db, envelope)),
    }));
  }

  private async suspend(
    db: EntityManager,
    envelope: EventEnvelope<SubscriberSuspensionRequested>,
  ): Promise<StepOutcome> {
    const request = envelope.data;
    const named = request.subscriberId ?? request.subjectId;
    const line = await this.lines.lock(db, named, legacyIccid(request));
    const intake: LineRequestIntake & { kind: 'suspension' } = {
      requestId: request.requestId,
      subscriberId: line?.subscriberId ?? named,
      kind: 'suspension',
      eventId: envelope.id,
      correlationId: envelope.correlationId,
      requestedAt: request.requestedAt,
    };
    const previous = await this.lines.findRequest(db, intake);
    const ask = { requestId: request.requestId, kind: 'suspension' as const };
    const decision = decideLineRequest({ ...ask, reasonCode: request.reasonCode }, line, previous);
    switch (decision.verdict) {
      case 'repeat':
        return {
          ledger: [this.outcome(envelope, 'duplicate', { previous: decision.previous.state })],
        };
      case 'wait':
        throw new DeferredError(
          'LIFECYCLE.LINE_BUSY',
          `line of ${intake.subscriberId} has request ${decision.openRequestId} open`,
          { retryAfterMs: BUSY_RETRY_AFTER_MS },
        );
      case 'reject':
        await this.lines.reject(db, intake, decision.code);
        return {
          events: [requestRejected(intake, decision, line)],
          ledger: [
            this.ledger.consumed(envelope),
            this.outcome(envelope, 'rejected', { reasonCode: decision.code }),
          ],
        };
      case 'apply': {
        const suspended = await this.lines.applyNow(db, intake, decision.target);
        const data: SubscriberSuspended = {
          subjectId: suspended.subscriberId,
          requestId: request.requestId,
          subscriberId: suspended.subscriberId,
          iccid: suspended.iccid,
          reasonCode: request.reasonCode,
          suspendedAt: Date.now(),
        };
        return {
          events: [{ type: EventTypes.SubscriberSuspended, subject: suspended.subscriberId, data }],
          ledger: [this.ledger.consumed(envelope), this.outcome(envelope, 'completed', {})],
        };
      }
    }
  }

  private outcome(envelope: EventEnvelope, outcome: string, summary: Record<string, unknown>) {
    return this.ledger.outcome(envelope, 'suspension', outcome, summary);
  }
}

/**
 * A request written before lifecycle events were keyed by subscriber id names no subscriber and is
 * keyed by the ICCID: only such a request may find its line by ICCID, so a request for an unknown
 * subscriber never suspends whichever line holds the ICCID it mentions.
 */
function legacyIccid(request: SubscriberSuspensionRequested): string | undefined {
  return request.subscriberId === null && request.subjectId === request.iccid
    ? request.iccid
    : undefined;
}
