import type { PaymentRequested } from '@handoff/contracts';
import {
  serviceAddressOf,
  type SagaLedger,
  type VendorCallRecorder,
} from '@handoff/activation-saga';
import type { DunningLedgerPort } from '@handoff/dunning';
import {
  PAYMENT_INTEGRATION_POINT,
  PaymentDeclinedError,
  PaymentErrorCode,
  paymentPermanent,
  type PaymentIntent,
  type PaymentsPort,
} from '@handoff/payments';
import { BusinessRejection } from '@handoff/resilience';
import {
  contractTaxLines,
  TAX_INTEGRATION_POINT,
  type TaxDocument,
  type TaxEnginePort,
} from '@handoff/tax-engine';
import { isDunned, planAfterDecline } from './payment-decisions';
import { paymentCaptured, paymentDeclined, suspensionRequested } from './payment-events';
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
import type { PaymentRepository } from './payment.repository';
import { NO_PAYMENT_CHECKPOINT, type PaymentCheckpointHook, type PaymentRun } from './payment-run';

export interface PaymentStepsDeps {
  repository: PaymentRepository;
  tax: TaxEnginePort;
  payments: PaymentsPort;
  ledger: SagaLedger;
  calls: VendorCallRecorder;
  dunning: DunningLedgerPort;
  /** Epoch ms now: dunning's clock (the real one outside tests and the demo). */
  clock: () => number;
  checkpoint?: PaymentCheckpointHook;
}

/**
 * A payment's steps, each committed before the next acts and each idempotent at its vendor: the
 * document code comes from the payment id, the authorization key is the BSS's (or derived from it
 * and the dunning attempt), the capture key from that, and the capture and the tax commit ask the
 * vendor first. A redelivery, a replay or a crash therefore repeats no side effect.
 */
export class PaymentSteps {
  private readonly checkpoint: PaymentCheckpointHook;

  constructor(private readonly deps: PaymentStepsDeps) {
    this.checkpoint = deps.checkpoint ?? NO_PAYMENT_CHECKPOINT;
  }

  /** From wherever the row stands to its end, or to the wait for dunning's next attempt. */
  async resume(run: PaymentRun, from: PaymentRecord, request?: PaymentRequested): Promise<void> {
    let p = from;
    if (p.step === 'taxQuote') p = await this.quote(run, p, request!);
    if (p.step === 'authorization') p = await this.authorize(run, p);
    if (p.step === 'capture') p = await this.capture(run, p);
    if (p.step === 'taxCommit') p = await this.commitTax(run, p);
    if (p.step === 'voidingTax') await this.endDeclined(run, p);
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
      return this.declined(run, p, facts);
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
      return this.declined(run, p, facts);
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
        await this.deps.dunning.recordAttempt(db, this.attemptOf(p, 'captured', now));
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

  /**
   * A decline, committed with dunning's answer for an autopay renewal (in the same transaction):
   * a retry keeps the quote and is announced now; an end voids the quote first (`voidingTax`).
   */
  private async declined(
    run: PaymentRun,
    p: PaymentRecord,
    decline: PaymentDeclineFacts,
  ): Promise<PaymentRecord> {
    const now = this.deps.clock();
    return run.commit(async (db) => {
      const next = isDunned(p.purpose, decline)
        ? await this.deps.dunning.recordAttempt(db, this.attemptOf(p, decline.category, now))
        : undefined;
      const plan = planAfterDecline(next);
      const step = plan.kind === 'retryLater' ? ('dunning' as const) : ('voidingTax' as const);
      const declined = { ...p, step, decline, dunningNext: next ?? null };
      await this.deps.repository.update(db, p.paymentId, {
        step,
        decline,
        dunningNext: next ?? null,
      });
      const summary = { declineCode: decline.declineCode, attempt: p.attempt, next: next?.kind };
      return {
        result: declined,
        events: plan.kind === 'retryLater' ? [paymentDeclined(declined, now)] : [],
        ledger: [this.deps.ledger.outcome(run.cause, 'payment', 'declined', summary)],
      };
    });
  }

  /** Voids the quote (again, it changes nothing), then announces the decline and any suspension. */
  private async endDeclined(run: PaymentRun, p: PaymentRecord): Promise<void> {
    const code = p.taxDocumentCode;
    if (code) {
      await this.deps.calls.call(
        run.cause,
        { integrationPoint: TAX_INTEGRATION_POINT, operation: 'void', attempt: run.attempt },
        () => this.deps.tax.voidDocument(code, `payment ${p.paymentId} declined`),
        (d) => ({ outcome: d.state, id: d.documentCode }),
      );
    }
    const now = this.deps.clock();
    const suspend = p.dunningNext?.kind === 'exhausted';
    await run.commit(async (db) => {
      await this.deps.repository.update(db, p.paymentId, { step: 'declined' });
      return {
        result: undefined,
        events: [paymentDeclined(p, now), ...(suspend ? [suspensionRequested(p, now)] : [])],
      };
    });
  }

  private attemptOf(p: PaymentRecord, result: keyof typeof DUNNING_RESULTS, at: number) {
    return {
      paymentId: p.paymentId,
      subscriberId: p.subscriberId,
      paymentMethodToken: p.paymentMethodToken,
      amountMinor: totalMinorOf(p),
      currency: p.currency,
      attempt: p.attempt,
      result: DUNNING_RESULTS[result],
      at,
    };
  }
}

/** A capture, or a decline by its category, as dunning counts it. */
const DUNNING_RESULTS = {
  captured: 'captured',
  soft: 'softDecline',
  hard: 'hardDecline',
} as const;
