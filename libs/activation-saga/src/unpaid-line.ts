import type { ActivationRequested } from '@handoff/contracts';
import type { EventEnvelope } from '@handoff/messaging';
import { PAYMENT_INTEGRATION_POINT } from '@handoff/payments';
import { activationCaptureFailed } from './activation-events';
import type { ActivationRecord, ActivationRepository } from './activation.repository';
import type { SagaCommitter } from './saga-commit';
import type { SagaLedger } from './saga-ledger';

/**
 * A line provisioned whose capture stayed failed: never silent. The row is flagged `unpaid` with
 * the payments owner and the reason, the BSS is told (`ActivationCaptureFailed`), and the caller
 * rethrows so the record lands in the dead letter, owned by payments (the error's integration
 * point). The activation stays at its capture step: an ops replay once the processor is fixed
 * captures and completes it.
 */
export class UnpaidLine {
  constructor(
    private readonly repository: ActivationRepository,
    private readonly committer: SagaCommitter,
    private readonly ledger: SagaLedger,
    /** The retry tiers of the saga's consumer group: the attempt after the last is the last. */
    private readonly retryTiers: number,
  ) {}

  lastAttempt(attempt: number): boolean {
    return attempt > this.retryTiers;
  }

  async flag(
    envelope: EventEnvelope<ActivationRequested>,
    a: ActivationRecord,
    error: unknown,
  ): Promise<void> {
    const reason = {
      code: (error as { code?: string }).code ?? 'PAYMENT.CAPTURE_FAILED',
      message: `the capture after provisioning failed: ${(error as Error).message}`,
    };
    const owner = {
      team: this.ledger.ownerTeam(PAYMENT_INTEGRATION_POINT),
      integrationPoint: PAYMENT_INTEGRATION_POINT,
    };
    await this.committer.commit(envelope, async (db) => {
      await this.repository.update(db, a.activationId, {
        reasonCode: reason.code,
        reasonMessage: reason.message,
        ownerTeam: owner.team,
        money: { paymentStatus: 'unpaid' },
      });
      return {
        result: undefined,
        events:
          a.money.paymentStatus === 'unpaid' ? [] : [activationCaptureFailed(a, reason, owner)],
        ledger: [
          this.ledger.outcome(envelope, 'paymentCapture', 'unpaid', { reasonCode: reason.code }),
        ],
      };
    });
  }
}
