import type { EventEnvelope, NewEvent } from '@handoff/messaging';
import {
  PAYMENT_INTEGRATION_POINT,
  paymentIdempotencyKey,
  type PaymentsPort,
} from '@handoff/payments';
import { TAX_INTEGRATION_POINT, type TaxEnginePort } from '@handoff/tax-engine';
import { authorizationRound } from './activation-money';
import type { ActivationRecord, ActivationRepository } from './activation.repository';
import { taxVoided } from './money-events';
import type { SagaCommitter } from './saga-commit';
import type { VendorCallRecorder } from './vendor-call.recorder';

/**
 * Undoes the money steps of an activation that will not complete, in reverse: the authorization
 * is voided (nothing was captured), then the tax document. Each undo asks the vendor first and is
 * idempotent, so a compensation repeated after a crash changes nothing more. A failure here throws:
 * the record goes back through the retry path and the activation is not declared ended until
 * nothing is held or owed. What it voided is announced by the caller, in the commit that ends the
 * activation, so a compensation repeated after a crash announces it once.
 */
export class MoneyCompensation {
  constructor(
    private readonly repository: ActivationRepository,
    private readonly committer: SagaCommitter,
    private readonly tax: TaxEnginePort,
    private readonly payments: PaymentsPort,
    private readonly calls: VendorCallRecorder,
  ) {}

  /** The events of what was undone (`TaxVoided`), for the caller's ending commit. */
  async undo(envelope: EventEnvelope, a: ActivationRecord, why: string): Promise<NewEvent[]> {
    await this.voidAuthorization(envelope, a);
    const voided = await this.voidTax(envelope, a, why);
    return voided ? [voided] : [];
  }

  async voidAuthorization(envelope: EventEnvelope, a: ActivationRecord): Promise<void> {
    if (!a.money.paymentIntentId) return;
    await this.releaseHold(envelope, a);
    await this.committer.commit(envelope, async (db) => {
      await this.repository.update(db, a.activationId, { money: { paymentStatus: 'voided' } });
      return { result: undefined };
    });
  }

  /**
   * Voids the row's current authorization if it still holds money (read first: a lapsed or voided
   * one holds none), under the void key of its round. The row is left as it is: a renewal replaces
   * the intent on it instead.
   */
  async releaseHold(envelope: EventEnvelope, a: ActivationRecord): Promise<void> {
    const intentId = a.money.paymentIntentId;
    if (!intentId) return;
    const at = { integrationPoint: PAYMENT_INTEGRATION_POINT, attempt: 1 };
    const intent = await this.calls.call(
      envelope,
      { ...at, operation: 'getIntent' },
      () => this.payments.getIntent(intentId),
      (i) => ({ outcome: i.status, id: i.intentId }),
    );
    if (intent.status !== 'authorized') return;
    await this.calls.call(
      envelope,
      { ...at, operation: 'void' },
      () =>
        this.payments.voidAuthorization(intentId, {
          idempotencyKey: paymentIdempotencyKey(a.activationId, 'void', authorizationRound(a)),
        }),
      (i) => ({ outcome: i.status, id: i.intentId }),
    );
  }

  /**
   * `TaxVoided` for the document, also when a first attempt voided it and crashed before the
   * caller's commit; undefined when there was nothing to void.
   */
  async voidTax(
    envelope: EventEnvelope,
    a: ActivationRecord,
    why: string,
  ): Promise<NewEvent | undefined> {
    const code = a.money.taxDocumentCode;
    if (!code) return undefined;
    const at = { integrationPoint: TAX_INTEGRATION_POINT, attempt: 1 };
    const document = await this.calls.call(
      envelope,
      { ...at, operation: 'findDocument' },
      () => this.tax.findDocument(code),
      (d) => ({ outcome: d?.state ?? 'absent', id: code }),
    );
    if (!document) return undefined;
    const reason = {
      code: 'ACTIVATION.COMPENSATED',
      message: `activation ${a.activationId}: ${why}`,
    };
    if (document.state === 'voided') return taxVoided(a, document, false, reason);
    await this.calls.call(
      envelope,
      { ...at, operation: 'void' },
      () => this.tax.voidDocument(code, reason.message),
      (d) => ({ outcome: d.state, id: d.documentCode }),
    );
    return taxVoided(a, document, document.state === 'committed', reason);
  }
}
