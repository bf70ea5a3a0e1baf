import type { ActivationRequested } from '@handoff/contracts';
import type { EventEnvelope } from '@handoff/messaging';
import {
  PAYMENT_INTEGRATION_POINT,
  PaymentDeclinedError,
  paymentIdempotencyKey,
  type PaymentsPort,
} from '@handoff/payments';
import type { PortInSecretStore } from '@handoff/port-in-secrets';
import { TAX_INTEGRATION_POINT, taxDocumentCodeFor, type TaxEnginePort } from '@handoff/tax-engine';
import { chargesOf, transactionDateOf } from './activation-charges';
import { activationRejected } from './activation-events';
import type { ActivationRecord, ActivationRepository } from './activation.repository';
import type { MoneyCompensation } from './money-compensation';
import { paymentAuthorized, paymentDeclined, taxQuoted } from './money-events';
import type { SagaCommitter } from './saga-commit';
import type { SagaLedger } from './saga-ledger';
import { TaxHold, TaxHoldPolicy } from './tax-hold';
import type { VendorCallRecorder } from './vendor-call.recorder';

type Envelope = EventEnvelope<ActivationRequested>;

/**
 * The money before provisioning: the tax quote, then the authorization of charges plus tax. Each
 * is committed to the row before the next step acts; both are idempotent at the vendor (document
 * code and idempotency key derived from the activation id), so a step repeated after a crash or a
 * lost answer finds what the first attempt made instead of making it again.
 */
export class ChargeSteps {
  private readonly taxHold: TaxHold;

  constructor(
    private readonly repository: ActivationRepository,
    private readonly committer: SagaCommitter,
    private readonly tax: TaxEnginePort,
    private readonly payments: PaymentsPort,
    private readonly ledger: SagaLedger,
    private readonly calls: VendorCallRecorder,
    private readonly compensation: MoneyCompensation,
    private readonly secrets: PortInSecretStore,
    taxPolicy = new TaxHoldPolicy(),
  ) {
    this.taxHold = new TaxHold(repository, committer, ledger, taxPolicy);
  }

  /**
   * The tax document for the charges; the amount to authorize is the charges plus its tax.
   * Undefined when the quote taxed nothing where tax is expected: the activation is held.
   */
  async quote(
    envelope: Envelope,
    a: ActivationRecord,
    attempt: number,
  ): Promise<ActivationRecord | undefined> {
    const charges = chargesOf(a.request)!;
    const documentCode = taxDocumentCodeFor(a.activationId);
    const at = { integrationPoint: TAX_INTEGRATION_POINT, operation: 'quote', attempt };
    const document = await this.calls.call(
      envelope,
      at,
      () =>
        this.tax.quote({
          documentCode,
          transactionDate: transactionDateOf(a.request),
          currency: charges.currency,
          location: { jurisdictionCode: a.money.taxJurisdictionCode! },
          charges: charges.taxCharges,
        }),
      (d) => ({ outcome: d.state, id: d.documentCode }),
    );
    if (this.taxHold.shouldHold(document)) {
      await this.taxHold.hold(envelope, a, document);
      return undefined;
    }
    const money = {
      taxDocumentCode: document.documentCode,
      taxTotalMinor: document.taxTotalMinor,
      amountMinor: charges.totalMinor + document.taxTotalMinor,
      currency: charges.currency,
    };
    await this.committer.commit(envelope, async (db) => {
      await this.repository.update(db, a.activationId, { step: 'paymentAuthorization', money });
      const summary = { documentCode, taxTotalMinor: document.taxTotalMinor };
      return {
        result: undefined,
        events: [taxQuoted(a, document)],
        ledger: [this.ledger.outcome(envelope, 'taxQuote', 'ok', summary)],
      };
    });
    return { ...a, step: 'paymentAuthorization', money: { ...a.money, ...money } };
  }

  /**
   * Holds charges plus tax on the customer's payment method. A decline is a business outcome: the
   * quote is voided and the activation rejected (`PAYMENT_DECLINED`, with the decline category).
   * Undefined when the activation ended here.
   */
  async authorize(
    envelope: Envelope,
    a: ActivationRecord,
    attempt: number,
  ): Promise<ActivationRecord | undefined> {
    const at = { integrationPoint: PAYMENT_INTEGRATION_POINT, operation: 'authorize', attempt };
    try {
      const intent = await this.calls.call(
        envelope,
        at,
        () =>
          this.payments.authorize({
            idempotencyKey: paymentIdempotencyKey(a.activationId, 'authorize'),
            amount: { amountMinor: a.money.amountMinor!, currency: a.money.currency! },
            customerId: a.subscriberId,
            paymentMethodToken: a.request.paymentMethodToken ?? '',
            description: `activation ${a.activationId}`,
          }),
        (i) => ({ outcome: i.status, id: i.intentId }),
      );
      const money = {
        paymentIntentId: intent.intentId,
        paymentStatus: 'authorized' as const,
        authorizationExpiresAt: intent.authorizationExpiresAt,
        authorizationRound: 1,
      };
      const next: ActivationRecord = {
        ...a,
        step: 'provisioning',
        money: { ...a.money, ...money },
      };
      await this.committer.commit(envelope, async (db) => {
        await this.repository.update(db, a.activationId, { step: 'provisioning', money });
        const summary = { intentId: intent.intentId, amountMinor: a.money.amountMinor };
        return {
          result: undefined,
          events: [paymentAuthorized(next, intent)],
          ledger: [this.ledger.outcome(envelope, 'paymentAuthorization', 'ok', summary)],
        };
      });
      return next;
    } catch (error) {
      if (!(error instanceof PaymentDeclinedError)) throw error;
      await this.reject(envelope, a, error);
      return undefined;
    }
  }

  private async reject(envelope: Envelope, a: ActivationRecord, decline: PaymentDeclinedError) {
    const voided = await this.compensation.voidTax(envelope, a, 'payment declined');
    const reason = {
      code: decline.reason,
      message: `the issuer declined the payment (${decline.category}: ${decline.declineCode})`,
    };
    await this.committer.commit(envelope, async (db) => {
      await this.repository.update(db, a.activationId, {
        state: 'rejected',
        reasonCode: reason.code,
        reasonMessage: reason.message,
        ownerTeam: this.ledger.ownerTeam(PAYMENT_INTEGRATION_POINT),
        completed: true,
      });
      await this.secrets.discard(db, a.activationId);
      const event = activationRejected(a, reason, 'paymentMethodToken', 'paymentAuthorization');
      event.data.declineCategory = decline.category;
      return {
        result: undefined,
        events: [paymentDeclined(a, decline), ...(voided ? [voided] : []), event],
        ledger: [
          this.ledger.outcome(envelope, 'paymentAuthorization', 'rejected', {
            reasonCode: reason.code,
            declineCategory: decline.category,
          }),
        ],
      };
    });
  }
}
