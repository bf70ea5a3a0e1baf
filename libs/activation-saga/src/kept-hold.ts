import type { EventEnvelope } from '@handoff/messaging';
import { MNO_INTEGRATION_POINT } from '@handoff/mno-provisioning';
import { PermanentError } from '@handoff/resilience';
import { intakePointOf } from './activation-intake';
import type { ActivationRecord, ActivationRepository } from './activation.repository';
import { formatMinor, holdsMoney } from './held-money';
import type { SagaCommitter } from './saga-commit';
import type { SagaLedger } from './saga-ledger';

/**
 * A permanent MNO error (a garbled answer, a 4xx) after the customer's card was authorized. The
 * MNO may have the order behind an answer we could not read (the simulator, like a real MNO,
 * processes the order and then garbles the answer), so voiding the hold could leave a line
 * provisioned unpaid. The hold is kept, and said so: the row names the reason, Network Ops and the
 * money, and the dead letter's message names the hold. The replay settles it (submitOrFind finds
 * the order: capture, or the usual compensation if it failed); a discard is refused while the
 * money is held (`discardRefusal`). Decision 45.
 */
export class KeptHold {
  constructor(
    private readonly repository: ActivationRepository,
    private readonly committer: SagaCommitter,
    private readonly ledger: SagaLedger,
  ) {}

  /** The error to dead-letter the record with: `error` itself unless a hold is kept for it. */
  async onMnoError(envelope: EventEnvelope, a: ActivationRecord, error: unknown): Promise<unknown> {
    if (!isPermanentMnoError(error) || !holdsMoney(a)) return error;
    const hold = holdText(a);
    await this.committer.commit(envelope, async (db) => {
      await this.repository.update(db, a.activationId, {
        reasonCode: error.code,
        reasonMessage:
          `${error.message}. The MNO may have the order, so ${hold} kept until the dead letter ` +
          'is replayed',
        ownerTeam: this.ledger.ownerTeam(MNO_INTEGRATION_POINT),
      });
      const summary = {
        reasonCode: error.code,
        paymentIntentId: a.money.paymentIntentId,
        amountMinor: a.money.amountMinor,
        taxDocumentCode: a.money.taxDocumentCode,
      };
      return {
        result: undefined,
        ledger: [this.ledger.outcome(envelope, 'provisioning', 'holdKept', summary)],
      };
    });
    return new PermanentError(
      error.code,
      `${error.message}; ${hold} kept (the MNO may have the order): replay once the MNO answers properly`,
      { cause: error, stage: error.stage, integrationPoint: MNO_INTEGRATION_POINT },
    );
  }

  /** A replay got an answer: the row is no longer waiting for Network Ops but its intake's again. */
  async release(envelope: EventEnvelope, a: ActivationRecord): Promise<void> {
    if (!a.reasonCode?.startsWith('MNO.')) return;
    await this.committer.commit(envelope, async (db) => {
      await this.repository.update(db, a.activationId, {
        reasonCode: null,
        reasonMessage: null,
        ownerTeam: this.ledger.ownerTeam(intakePointOf(a)),
      });
      return { result: undefined };
    });
  }
}

function isPermanentMnoError(error: unknown): error is PermanentError {
  return error instanceof PermanentError && error.integrationPoint === MNO_INTEGRATION_POINT;
}

/** "the payment hold pi_… of USD 82.11 and the tax document ACT-… are", for the messages. */
function holdText(a: ActivationRecord): string {
  const { paymentIntentId, amountMinor, currency, taxDocumentCode } = a.money;
  const hold = `the payment hold ${paymentIntentId} of ${formatMinor(amountMinor ?? 0, currency ?? 'USD')}`;
  return taxDocumentCode ? `${hold} and the tax document ${taxDocumentCode} are` : `${hold} is`;
}
