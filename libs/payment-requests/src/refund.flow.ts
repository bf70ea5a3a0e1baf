import type { SagaCommitter, SagaLedger, VendorCallRecorder } from '@handoff/activation-saga';
import type { PaymentRefundRequested } from '@handoff/contracts';
import type { EventEnvelope, HandlerContext } from '@handoff/messaging';
import { PAYMENT_INTEGRATION_POINT, type PaymentsPort } from '@handoff/payments';
import { contractTaxLines, TAX_INTEGRATION_POINT, type TaxEnginePort } from '@handoff/tax-engine';
import { refundDecision } from './payment-decisions';
import { paymentRefunded, refundRejected } from './payment-events';
import {
  chargeRefOf,
  refundAdjustmentCodeOf,
  taxChargeTypeOf,
  totalMinorOf,
  type PaymentRecord,
} from './payment-record';
import type { PaymentRepository } from './payment.repository';
import { NO_PAYMENT_CHECKPOINT, type PaymentCheckpointHook } from './payment-run';
import type { RefundRecord, RefundRepository } from './refund.repository';

type Envelope = EventEnvelope<PaymentRefundRequested>;

export interface RefundFlowDeps {
  payments: PaymentRepository;
  refunds: RefundRepository;
  committer: SagaCommitter;
  ledger: SagaLedger;
  calls: VendorCallRecorder;
  tax: TaxEnginePort;
  processor: PaymentsPort;
  clock: () => number;
  checkpoint?: PaymentCheckpointHook;
}

/**
 * A refund the BSS asks for: judged once, when its request is first seen (the amount is taken from
 * the payment under its row lock, or the request is refused with a `PaymentRefundRejected`), then
 * the tax of the refunded charge reversed (an adjustment of the payment's document, once per
 * request), then the processor's refund of charge plus that tax under the request's key, then
 * `PaymentRefunded`. The same request again refunds nothing more.
 */
export class RefundFlow {
  private readonly checkpoint: PaymentCheckpointHook;

  constructor(private readonly deps: RefundFlowDeps) {
    this.checkpoint = deps.checkpoint ?? NO_PAYMENT_CHECKPOINT;
  }

  async onRefundRequested(envelope: Envelope, handling: Pick<HandlerContext, 'attempt'>) {
    const taken = await this.take(envelope);
    if (!taken) return;
    let { refund } = taken;
    if (refund.step === 'taxReversal')
      refund = await this.reverseTax(envelope, taken.payment, refund, handling.attempt);
    if (refund.step === 'refund')
      await this.refund(envelope, taken.payment, refund, handling.attempt);
  }

  /** The request's row and its payment, judged the first time; undefined once nothing is left to do. */
  private async take(envelope: Envelope) {
    const request = envelope.data;
    const { committer, ledger, payments, refunds } = this.deps;
    return committer.commit(envelope, async (db) => {
      const consumed = ledger.consumed(envelope);
      const { refund, created } = await refunds.loadOrCreate(db, request);
      const payment = await payments.find(db, request.paymentId, created);
      if (!created) {
        const open = refund.step === 'taxReversal' || refund.step === 'refund';
        return { result: open && payment ? { refund, payment } : undefined, ledger: [consumed] };
      }
      const decision = refundDecision(payment, request);
      if ('refusal' in decision) {
        const { code, message } = decision.refusal;
        await refunds.update(db, request.refundRequestId, { step: 'rejected' });
        return {
          result: undefined,
          events: [refundRejected(refund, { code, message }, this.deps.clock())],
          ledger: [consumed, ledger.outcome(envelope, 'refund', 'refused', { reasonCode: code })],
        };
      }
      await payments.reserveRefund(db, request.paymentId, decision.chargeMinor);
      await refunds.update(db, request.refundRequestId, { chargeMinor: decision.chargeMinor });
      const reserved: PaymentRecord = {
        ...payment!,
        refundedChargeMinor: payment!.refundedChargeMinor + decision.chargeMinor,
      };
      return {
        result: { refund: { ...refund, chargeMinor: decision.chargeMinor }, payment: reserved },
        ledger: [consumed],
      };
    });
  }

  /**
   * Reverses the tax of the refunded charge with an adjustment of the payment's (committed)
   * document. What the processor pays back is fixed here, before it is called: the charge plus the
   * reversed tax, never more than is left of what was captured (decision 49).
   */
  private async reverseTax(
    envelope: Envelope,
    p: PaymentRecord,
    r: RefundRecord,
    attempt: number,
  ): Promise<RefundRecord> {
    const adjustmentCode = refundAdjustmentCodeOf(r.refundRequestId);
    const document = await this.deps.calls.call(
      envelope,
      { integrationPoint: TAX_INTEGRATION_POINT, operation: 'adjust', attempt },
      () =>
        this.deps.tax.adjust(p.taxDocumentCode!, {
          adjustmentCode,
          reason: `refund ${r.refundRequestId} (${r.reasonCode})`,
          charges: [
            {
              ref: chargeRefOf(p.purpose),
              type: taxChargeTypeOf(p.purpose),
              amountMinor: -r.chargeMinor!,
            },
          ],
        }),
      (d) => ({ outcome: d.state, id: d.documentCode }),
    );
    const adjustment = document.adjustments.find((a) => a.adjustmentCode === adjustmentCode)!;
    const changes = {
      step: 'refund' as const,
      taxMinor: -adjustment.taxTotalMinor,
      taxLines: contractTaxLines(document, adjustment.lines),
    };
    return this.deps.committer.commit(envelope, async (db) => {
      const before = await this.deps.refunds.refundedBefore(db, p.paymentId, r.refundRequestId);
      const refundedMinor = Math.min(r.chargeMinor! + changes.taxMinor, totalMinorOf(p) - before);
      await this.deps.refunds.update(db, r.refundRequestId, { ...changes, refundedMinor });
      return { result: { ...r, ...changes, refundedMinor } };
    });
  }

  /** The processor pays back under the request's key: sent again, it replays the first refund. */
  private async refund(envelope: Envelope, p: PaymentRecord, r: RefundRecord, attempt: number) {
    const paid = await this.deps.calls.call(
      envelope,
      { integrationPoint: PAYMENT_INTEGRATION_POINT, operation: 'refund', attempt },
      () =>
        this.deps.processor.refund(p.paymentIntentId!, {
          idempotencyKey: r.idempotencyKey,
          amount: { amountMinor: r.refundedMinor!, currency: p.currency },
        }),
      (refund) => ({ outcome: 'refunded', id: refund.refundId }),
    );
    this.checkpoint('refunded', r.refundRequestId);
    const done: RefundRecord = { ...r, step: 'refunded', refundId: paid.refundId };
    await this.deps.committer.commit(envelope, async (db) => {
      await this.deps.refunds.update(db, r.refundRequestId, {
        step: 'refunded',
        refundId: paid.refundId,
      });
      const summary = { refundId: paid.refundId, amountMinor: r.refundedMinor };
      return {
        result: undefined,
        events: [paymentRefunded(p, done, this.deps.clock())],
        ledger: [this.deps.ledger.outcome(envelope, 'refund', 'refunded', summary)],
      };
    });
  }
}
