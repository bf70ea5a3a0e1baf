import type { PaymentRequested } from '@handoff/contracts';
import { serviceAddressOf } from '@handoff/activation-saga';
import {
  PAYMENT_INTEGRATION_POINT,
  PaymentDeclinedError,
  PaymentErrorCode,
  paymentPermanent,
  type PaymentIntent,
} from '@handoff/payments';
import { BusinessRejection } from '@handoff/resilience';
import { contractTaxLines, TAX_INTEGRATION_POINT, type TaxDocument } from '@handoff/tax-engine';
import { autopayAttempt, DeclineSteps } from './payment-decline.steps';
import { paymentCaptured } from './payment-events';
import {
  authorizationKeyOf,
  captureKeyOf,
  chargeRefOf,
  paymentTaxDocumentCode,
  taxChargeTypeOf,
  totalMinorOf,
  type PaymentDeclineFacts,
  type PaymentRecord,
} from './payment-record';
import {
  NO_PAYMENT_CHECKPOINT,
  type PaymentCheckpointHook,
  type PaymentRun,
  type PaymentStepsDeps,
} from './payment-run';

/**
 * A payment's steps, each committed before the next acts and each idempotent at its vendor: the
 * document code comes from the payment id, the authorization key is the BSS's (or derived from it
 * and the dunning attempt), the capture key from that, and the capture and the tax commit ask the
 * vendor first. A redelivery, a replay or a crash therefore repeats no side effect.
 */
export class PaymentSteps {
  private readonly checkpoint: PaymentCheckpointHook;
  private readonly declines: DeclineSteps;

  constructor(private readonly deps: PaymentStepsDeps) {
    this.checkpoint = deps.checkpoint ?? NO_PAYMENT_CHECKPOINT;
    this.declines = new DeclineSteps(deps);
  }

  /** From wherever the row stands to its end, or to the wait for dunning's next attempt. */
  async resume(run: PaymentRun, from: PaymentRecord, request?: PaymentRequested): Promise<void> {
    let p = from;
    if (p.step === 'taxQuote') p = await this.quote(run, p, request!);
    if (p.step === 'authorization') p = await this.authorize(run, p);
    if (p.step === 'capture') p = await this.capture(run, p);
    if (p.step === 'taxCommit') p = await this.commitTax(run, p);
    if (p.step === 'voidingTax') await this.declines.endDeclined(run, p);
  }

  /** The tax on the charge; an address the engine cannot place declines the payment. */
  private async quote(
    run: PaymentRun,
    p: PaymentRecord,
    request: PaymentRequested,
  ): Promise<PaymentRecord> {
    let document: TaxDocument;
    try {
      document = await this.deps.calls.call(
        run.cause,
        { integrationPoint: TAX_INTEGRATION_POINT, operation: 'quote', attempt: run.attempt },
        () =>
          this.deps.tax.quote({
            documentCode: paymentTaxDocumentCode(p.paymentId),
            transactionDate: new Date(request.requestedAt).toISOString().slice(0, 10),
            currency: p.currency,
            location: { serviceAddress: serviceAddressOf(request) },
            charges: [
              {
                ref: chargeRefOf(p.purpose),
                type: taxChargeTypeOf(p.purpose),
                amountMinor: p.chargeMinor,
              },
            ],
          }),
        (d) => ({ outcome: d.state, id: d.documentCode }),
      );
    } catch (error) {
      if (!(error instanceof BusinessRejection)) throw error;
      const facts: PaymentDeclineFacts = {
        source: 'tax',
        category: 'hard',
        declineCode: error.code,
        message: 'the service address resolves to no tax jurisdiction',
        intentId: null,
      };
      return this.declines.declined(run, p, facts);
    }
    const changes = {
      step: 'authorization' as const,
      taxDocumentCode: document.documentCode,
      taxTotalMinor: document.taxTotalMinor,
      taxLines: contractTaxLines(document),
    };
    await run.commit(async (db) => {
      await this.deps.repository.update(db, p.paymentId, changes);
      const summary = {
        documentCode: document.documentCode,
        taxTotalMinor: document.taxTotalMinor,
      };
      return {
        result: undefined,
        ledger: [this.deps.ledger.outcome(run.cause, 'taxQuote', 'ok', summary)],
      };
    });
    return { ...p, ...changes };
  }

  /** Charges plus tax on the payment method, under the attempt's key; a decline is an outcome. */
  private async authorize(run: PaymentRun, p: PaymentRecord): Promise<PaymentRecord> {
    let intent: PaymentIntent;
    try {
      intent = await this.deps.calls.call(
        run.cause,
        {
          integrationPoint: PAYMENT_INTEGRATION_POINT,
          operation: 'authorize',
          attempt: run.attempt,
        },
        () =>
          this.deps.payments.authorize({
            idempotencyKey: authorizationKeyOf(p),
            amount: { amountMinor: totalMinorOf(p), currency: p.currency },
            customerId: p.subscriberId,
            paymentMethodToken: p.paymentMethodToken,
            description: `${p.purpose} ${p.paymentId}`,
          }),
        (i) => ({ outcome: i.status, id: i.intentId }),
      );
    } catch (error) {
      if (!(error instanceof PaymentDeclinedError)) throw error;
      const facts: PaymentDeclineFacts = {
        source: 'issuer',
        category: error.category,
        declineCode: error.declineCode,
        message: error.message,
        intentId: error.intentId ?? null,
      };
      return this.declines.declined(run, p, facts);
    }
    await run.commit(async (db) => {
      await this.deps.repository.update(db, p.paymentId, {
        step: 'capture',
        paymentIntentId: intent.intentId,
      });
      return { result: undefined };
    });
    return { ...p, step: 'capture', paymentIntentId: intent.intentId };
  }

  /** Asks the processor first: a capture whose answer was lost has already moved the money. */
  private async capture(run: PaymentRun, p: PaymentRecord): Promise<PaymentRecord> {
    const intentId = p.paymentIntentId!;
    const at = { integrationPoint: PAYMENT_INTEGRATION_POINT, attempt: run.attempt };
    const describe = (i: PaymentIntent) => ({ outcome: i.status, id: i.intentId });
    const intent = await this.deps.calls.call(
      run.cause,
      { ...at, operation: 'getIntent' },
      () => this.deps.payments.getIntent(intentId),
      describe,
    );
    if (intent.status !== 'captured') {
      if (intent.status !== 'authorized') {
        const message = `payment intent ${intentId} is ${intent.status}: nothing to capture`;
        throw paymentPermanent(PaymentErrorCode.invalidState, message);
      }
      await this.deps.calls.call(
        run.cause,
        { ...at, operation: 'capture' },
        () => this.deps.payments.capture(intentId, { idempotencyKey: captureKeyOf(p) }),
        describe,
      );
    }
    this.checkpoint('paymentCaptured', p.paymentId);
    await run.commit(async (db) => {
      await this.deps.repository.update(db, p.paymentId, { step: 'taxCommit' });
      return { result: undefined };
    });
    return { ...p, step: 'taxCommit' };
  }

  /** Files the document once (read first), then announces the capture; dunning hears of it. */
  private async commitTax(run: PaymentRun, p: PaymentRecord): Promise<PaymentRecord> {
    const code = p.taxDocumentCode!;
    const at = { integrationPoint: TAX_INTEGRATION_POINT, attempt: run.attempt };
    const found = await this.deps.calls.call(
      run.cause,
      { ...at, operation: 'findDocument' },
      () => this.deps.tax.findDocument(code),
      (d) => ({ outcome: d?.state ?? 'absent', id: code }),
    );
    if (found?.state !== 'committed') {
      await this.deps.calls.call(
        run.cause,
        { ...at, operation: 'commit' },
        () => this.deps.tax.commit(code),
        (d) => ({ outcome: d.state, id: d.documentCode }),
      );
    }
    const now = this.deps.clock();
    await run.commit(async (db) => {
      if (p.purpose === 'autopayRenewal') {
        await this.deps.dunning.recordAttempt(db, autopayAttempt(p, 'captured', now));
      }
      await this.deps.repository.update(db, p.paymentId, { step: 'captured' });
      const summary = { intentId: p.paymentIntentId, taxDocumentCode: code, attempt: p.attempt };
      return {
        result: undefined,
        events: [paymentCaptured(p, now)],
        ledger: [this.deps.ledger.outcome(run.cause, 'payment', 'captured', summary)],
      };
    });
    return { ...p, step: 'captured' };
  }
}
