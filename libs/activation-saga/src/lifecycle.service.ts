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
 * Lifecycle requests after activation. They share the activation's topic and key, and the
 * consumer parks a subscriber's later events while an earlier one waits in the retry path, so a
 * suspend can never overtake the activation it follows.
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
    await this.committer.commit(envelope, async (db) => {
      const subscriber = await this.repository.subscriberByIccid(db, request.iccid);
      if (!subscriber || subscriber.status !== 'active') {
        const outcome = subscriber ? `already ${subscriber.status}` : 'no active subscriber';
        return {
          result: undefined,
          ledger: [this.ledger.outcome(envelope, 'suspension', 'rejected', { outcome })],
        };
      }
      await this.repository.setSubscriberStatus(db, subscriber.subscriberId, 'suspended');
      const suspended: SubscriberSuspended = {
        subjectId: request.subjectId,
        requestId: request.requestId,
        subscriberId: subscriber.subscriberId,
        iccid: request.iccid,
        reasonCode: request.reasonCode,
        suspendedAt: Date.now(),
      };
      return {
        result: undefined,
        events: [
          { type: EventTypes.SubscriberSuspended, subject: envelope.subject, data: suspended },
        ],
        ledger: [
          this.ledger.consumed(envelope),
          this.ledger.outcome(envelope, 'suspension', 'completed', {}),
        ],
      };
    });
  }
}
