import type { ActivationRequested } from '@handoff/contracts';
import type { EventEnvelope } from '@handoff/messaging';
import {
  PAYMENT_INTEGRATION_POINT,
  PaymentErrorCode,
  paymentIdempotencyKey,
  paymentPermanent,
  type PaymentIntent,
  type PaymentsPort,
} from '@handoff/payments';
import { DeferredError, RetryableError } from '@handoff/resilience';
import { TAX_INTEGRATION_POINT, type TaxEnginePort } from '@handoff/tax-engine';
import { subscriberActivated } from './activation-events';
import { authorizationRound } from './activation-money';
import type { ActivationRecord, ActivationRepository } from './activation.repository';
import type { AuthorizationRenewal } from './authorization-renewal';
import { paymentCaptured, taxCommitted } from './money-events';
import type { SagaCommitter } from './saga-commit';
import { NO_CHECKPOINT_HOOK, type SagaCheckpointHook } from './saga-checkpoints';
import type { SagaLedger } from './saga-ledger';
import type { UnpaidLine } from './unpaid-line';
import type { VendorCallRecorder } from './vendor-call.recorder';

type Envelope = EventEnvelope<ActivationRequested>;

/**
 * The money after provisioning: capture the authorization, commit the tax document, announce the
 * subscriber active with both ids. Before acting after an unknown outcome the step asks the vendor
 * (the intent's status, the document's state), so a redelivery, a retry or a crash between the
 * vendor's answer and our commit never captures or files twice.
 */
export class SettlementStep {
  constructor(
    private readonly repository: ActivationRepository,
    private readonly committer: SagaCommitter,
    private readonly tax: TaxEnginePort,
    private readonly payments: PaymentsPort,
    private readonly ledger: SagaLedger,
    private readonly calls: VendorCallRecorder,
    private readonly unpaid: UnpaidLine,
    private readonly renewal: AuthorizationRenewal,
    private readonly checkpoint: SagaCheckpointHook = NO_CHECKPOINT_HOOK,
  ) {}

  async run(envelope: Envelope, a: ActivationRecord, attempt: number): Promise<void> {
    const settled = a.step === 'paymentCapture' ? await this.capture(envelope, a, attempt) : a;
    await this.commitTax(envelope, settled, attempt);
  }

  private async capture(
    envelope: Envelope,
    from: ActivationRecord,
    attempt: number,
  ): Promise<ActivationRecord> {
    let a = from;
    try {
      // A hold about to lapse is renewed first; a declined renewal keeps the hold there is.
      a = (await this.renewal.renewIfDue(envelope, a, attempt)).activation;
      await this.captureOnce(envelope, a, attempt);
    } catch (error) {
      // Never silent: a failure worth retrying goes back through the retry path (held, attempts not
      // counted, while the processor's breaker is open); one that is not, or whose retries ran out,
      // flags the line unpaid, tells the BSS and dead-letters to payments.
      const retryAgain =
        error instanceof DeferredError ||
        (error instanceof RetryableError && !this.unpaid.lastAttempt(attempt));
      if (!retryAgain) await this.unpaid.flag(envelope, a, error);
      throw error;
    }
    this.checkpoint('paymentCaptured', a.activationId);
    const intentId = a.money.paymentIntentId!;
    await this.committer.commit(envelope, async (db) => {
      await this.repository.update(db, a.activationId, {
        step: 'taxCommit',
        money: { paymentStatus: 'captured' },
      });
      const summary = { intentId, amountMinor: a.money.amountMinor };
      return {
        result: undefined,
        events: [paymentCaptured(a)],
        ledger: [this.ledger.outcome(envelope, 'paymentCapture', 'ok', summary)],
      };
    });
    return { ...a, step: 'taxCommit', money: { ...a.money, paymentStatus: 'captured' } };
  }

  /**
   * Asks the processor first: a capture whose answer was lost has already moved the money. A hold
   * that lapsed (its renewal declined) is not sent to the processor: it is a capture failure.
   */
  private async captureOnce(envelope: Envelope, a: ActivationRecord, attempt: number) {
    const intentId = a.money.paymentIntentId!;
    const at = { integrationPoint: PAYMENT_INTEGRATION_POINT, attempt };
    const describe = (i: PaymentIntent) => ({ outcome: i.status, id: i.intentId });
    const intent = await this.calls.call(
      envelope,
      { ...at, operation: 'getIntent' },
      () => this.payments.getIntent(intentId),
      describe,
    );
    if (intent.status === 'captured') return;
    if (intent.status === 'expired') {
      const message = `authorization ${intentId} lapsed before the capture and was not renewed`;
      throw paymentPermanent(PaymentErrorCode.authorizationExpired, message);
    }
    await this.calls.call(
      envelope,
      { ...at, operation: 'capture' },
      () =>
        this.payments.capture(intentId, {
          idempotencyKey: paymentIdempotencyKey(a.activationId, 'capture', authorizationRound(a)),
        }),
      describe,
    );
  }

  private async commitTax(envelope: Envelope, a: ActivationRecord, attempt: number) {
    const code = a.money.taxDocumentCode!;
    const at = { integrationPoint: TAX_INTEGRATION_POINT, attempt };
    const found = await this.calls.call(
      envelope,
      { ...at, operation: 'findDocument' },
      () => this.tax.findDocument(code),
      (d) => ({ outcome: d?.state ?? 'absent', id: code }),
    );
    let document = found;
    if (document?.state !== 'committed') {
      document = await this.calls.call(
        envelope,
        { ...at, operation: 'commit' },
        () => this.tax.commit(code),
        (d) => ({ outcome: d.state, id: d.documentCode }),
      );
    }
    this.checkpoint('taxCommitted', a.activationId);
    await this.committer.commit(envelope, async (db) => {
      await this.repository.update(db, a.activationId, {
        state: 'completed',
        step: 'completed',
        completed: true,
      });
      const settlement = { paymentIntentId: a.money.paymentIntentId, taxDocumentCode: code };
      return {
        result: undefined,
        events: [taxCommitted(a, document), subscriberActivated(a, a, settlement)],
        ledger: [this.ledger.outcome(envelope, 'activation', 'completed', settlement)],
      };
    });
  }
}
