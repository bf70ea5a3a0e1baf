import {
  EventTypes,
  type SubscriberSuspended,
  type SubscriberSuspensionRequested,
} from '@handoff/contracts';
import type { EventEnvelope } from '@handoff/messaging';
import type { ActivationRepository } from './activation.repository';
import type { SagaCommitter } from './saga-commit';
import type { SagaLedger } from './saga-ledger';

/**
 * Lifecycle requests after activation. They share the activation's topic and are keyed by the
 * subscriber id like every event of the line, and the consumer parks a subscriber's later events
 * while an earlier one waits in the retry path, so a suspend can never overtake the activation it
 * follows.
 */
export class LifecycleService {
  constructor(
    private readonly repository: ActivationRepository,
    private readonly committer: SagaCommitter,
    private readonly ledger: SagaLedger,
  ) {}

  async onSuspensionRequested(
    envelope: EventEnvelope<SubscriberSuspensionRequested>,
  ): Promise<void> {
    const request = envelope.data;
    const subscriberId = request.subscriberId ?? request.subjectId;
    await this.committer.commit(envelope, async (db) => {
      const line = await this.repository.subscriberLine(db, subscriberId, legacyIccid(request));
      if (!line || line.status !== 'active') {
        const outcome = line ? `already ${line.status}` : 'no active subscriber';
        return {
          result: undefined,
          ledger: [this.ledger.outcome(envelope, 'suspension', 'rejected', { outcome })],
        };
      }
      await this.repository.setSubscriberStatus(db, line.subscriberId, 'suspended');
      const suspended: SubscriberSuspended = {
        subjectId: line.subscriberId,
        requestId: request.requestId,
        subscriberId: line.subscriberId,
        iccid: line.iccid,
        reasonCode: request.reasonCode,
        suspendedAt: Date.now(),
      };
      return {
        result: undefined,
        events: [
          { type: EventTypes.SubscriberSuspended, subject: line.subscriberId, data: suspended },
        ],
        ledger: [
          this.ledger.consumed(envelope),
          this.ledger.outcome(envelope, 'suspension', 'completed', {}),
        ],
      };
    });
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
