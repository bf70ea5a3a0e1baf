import { isValidIccid } from '@handoff/activation-requests';
import type { ActivationRequested } from '@handoff/contracts';
import type { EventEnvelope, HandlerContext } from '@handoff/messaging';
import { checkInPortIn, type PortInSecretStore } from '@handoff/port-in-secrets';
import type { EntityManager } from 'typeorm';
import { activationRejected, type Reason } from './activation-events';
import {
  isTerminal,
  type ActivationRecord,
  type ActivationRepository,
} from './activation.repository';
import type { ProvisioningStep } from './provisioning.step';
import type { SagaCommitter } from './saga-commit';
import type { SagaLedger } from './saga-ledger';

/**
 * The activation saga: validate, (tax and payment slot in here), provision at the MNO, announce.
 * Every step's outcome is committed before the next acts, and every step is safe to run again:
 * a redelivered or retried request picks up where the row says it stopped.
 */
export class ActivationSaga {
  constructor(
    private readonly repository: ActivationRepository,
    private readonly committer: SagaCommitter,
    private readonly provisioning: ProvisioningStep,
    private readonly ledger: SagaLedger,
    private readonly secrets: PortInSecretStore,
  ) {}

  async onRequested(
    envelope: EventEnvelope<ActivationRequested>,
    handling: HandlerContext,
  ): Promise<void> {
    const activation = await this.committer.commit(envelope, async (db) => ({
      // An outside producer may still send port-in secrets inline: the row keeps a claim check.
      result: await this.repository.loadOrCreate(db, envelope.data, envelope.correlationId, (r) =>
        checkInPortIn(db, this.secrets, r),
      ),
      ledger: [this.ledger.consumed(envelope)],
    }));
    if (isTerminal(activation.state)) return;
    if (activation.step === 'validation' && !(await this.validate(envelope, activation))) return;
    await this.provisioning.run(
      envelope,
      { ...activation, step: 'provisioning' },
      handling.attempt,
    );
  }

  /** False when the request was rejected (a business outcome: an event, never a dead letter). */
  private async validate(
    envelope: EventEnvelope<ActivationRequested>,
    activation: ActivationRecord,
  ): Promise<boolean> {
    return this.committer.commit(envelope, async (db) => {
      const rejection = await this.rejectionOf(db, activation);
      if (rejection) {
        await this.repository.update(db, activation.activationId, {
          state: 'rejected',
          reasonCode: rejection.reason.code,
          reasonMessage: rejection.reason.message,
          ownerTeam: this.ledger.ownerTeam('dealer-portal-to-handoff'),
          completed: true,
        });
        await this.secrets.discard(db, activation.activationId);
        return {
          result: false,
          events: [activationRejected(activation, rejection.reason, rejection.field)],
          ledger: [
            this.ledger.outcome(envelope, 'validation', 'rejected', {
              reasonCode: rejection.reason.code,
            }),
          ],
        };
      }
      await this.repository.update(db, activation.activationId, {
        step: 'provisioning',
        state: 'inProgress',
      });
      return { result: true, ledger: [this.ledger.outcome(envelope, 'validation', 'ok', {})] };
    });
  }

  private async rejectionOf(
    db: EntityManager,
    a: ActivationRecord,
  ): Promise<Rejection | undefined> {
    if (!isValidIccid(a.iccid)) {
      return rejection('iccid', 'ICCID.INVALID', 'ICCID fails its format or Luhn check');
    }
    if (!(await this.repository.planExists(db, a.planCode))) {
      return rejection('planCode', 'PLAN.UNKNOWN', `plan ${a.planCode} is not in the catalogue`);
    }
    if (await this.repository.subscriberIdInUse(db, a.subscriberId, a.activationId)) {
      const message = 'this subscriber id has a line from another activation, or one under way';
      return rejection('subscriberId', 'SUBSCRIBER_ID_IN_USE', message);
    }
    if (await this.repository.iccidBoundElsewhere(db, a.iccid, a.activationId)) {
      const message = 'this ICCID is bound to another subscriber or activation';
      return rejection('iccid', 'ICCID_ALREADY_BOUND', message);
    }
    return undefined;
  }
}

interface Rejection {
  reason: Reason;
  field: string;
}

const rejection = (field: string, code: string, message: string): Rejection => ({
  reason: { code, message },
  field,
});
