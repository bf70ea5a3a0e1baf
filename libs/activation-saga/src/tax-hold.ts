import {
  EventTypes,
  type ActivationRequested,
  type TaxJurisdictionUnresolved,
} from '@handoff/contracts';
import type { EventEnvelope, NewEvent } from '@handoff/messaging';
import { TAX_INTEGRATION_POINT, type TaxDocument } from '@handoff/tax-engine';
import type { Reason } from './activation-events';
import type { ActivationRecord, ActivationRepository } from './activation.repository';
import type { SagaCommitter } from './saga-commit';
import type { SagaLedger } from './saga-ledger';
import { TAX_HOLD_REASON } from './tax-hold-reason';

export { TAX_HOLD_REASON };

/**
 * Where a zero tax is right. A tax engine answers a place it has no configuration for with zero tax
 * and no error, so a quote that taxed positive charges nothing at all, not even a federal fee
 * (`coverage: 'untaxed'`), is suspect, unless the MVNO's tax team listed the place as tax-free
 * (`TAX_FREE_JURISDICTIONS`). A quote with tax lines that round to zero is taxed, not suspect.
 */
export class TaxHoldPolicy {
  private readonly taxFree: ReadonlySet<string>;

  constructor(taxFreeJurisdictions: readonly string[] = []) {
    this.taxFree = new Set(taxFreeJurisdictions);
  }

  shouldHold(document: TaxDocument): boolean {
    return (
      document.coverage === 'untaxed' &&
      document.chargesTotalMinor > 0 &&
      !this.taxFree.has(document.jurisdiction.code)
    );
  }
}

export const isHeldForTax = (a: Pick<ActivationRecord, 'state' | 'reasonCode'>) =>
  a.state === 'held' && a.reasonCode === TAX_HOLD_REASON;

/**
 * An activation whose quote came back untaxed where tax is expected: never silent. The row is held
 * at its tax step with the reason and the tax owner, `TaxJurisdictionUnresolved` tells the tax
 * owner, and nothing is authorized. The quote stays uncommitted (nothing filed, its code free to be
 * recalculated); an operator re-drives the activation once the configuration is fixed.
 */
export class TaxHold {
  constructor(
    private readonly repository: ActivationRepository,
    private readonly committer: SagaCommitter,
    private readonly ledger: SagaLedger,
    private readonly policy: TaxHoldPolicy,
  ) {}

  shouldHold(document: TaxDocument): boolean {
    return this.policy.shouldHold(document);
  }

  async hold(
    envelope: EventEnvelope<ActivationRequested>,
    a: ActivationRecord,
    document: TaxDocument,
  ): Promise<void> {
    const { code, name } = document.jurisdiction;
    const reason: Reason = {
      code: TAX_HOLD_REASON,
      message: `the tax engine taxed nothing in ${code} (${name}), where tax is expected; held until its tax configuration is fixed and the activation re-driven`,
    };
    const ownerTeam = this.ledger.ownerTeam(TAX_INTEGRATION_POINT);
    await this.committer.commit(envelope, async (db) => {
      await this.repository.update(db, a.activationId, {
        state: 'held',
        reasonCode: reason.code,
        reasonMessage: reason.message,
        ownerTeam,
        money: { taxDocumentCode: document.documentCode },
      });
      const summary = {
        reasonCode: reason.code,
        jurisdictionCode: code,
        documentCode: document.documentCode,
      };
      return {
        result: undefined,
        events: [taxJurisdictionUnresolved(a, document, reason)],
        ledger: [
          {
            ...this.ledger.outcome(envelope, 'taxQuote', 'held', summary),
            integrationPoint: TAX_INTEGRATION_POINT,
            ownerTeam,
          },
        ],
      };
    });
  }
}

/** Keyed by the subscriber like the activation's own events; owned by the tax engine's owner. */
function taxJurisdictionUnresolved(
  a: ActivationRecord,
  document: TaxDocument,
  reason: Reason,
): NewEvent<TaxJurisdictionUnresolved> {
  return {
    type: EventTypes.TaxJurisdictionUnresolved,
    subject: a.subscriberId,
    integrationPoint: TAX_INTEGRATION_POINT,
    data: {
      subjectId: a.subscriberId,
      orderId: a.activationId,
      purpose: 'activation',
      subscriberId: a.subscriberId,
      serviceAddress: a.request.serviceAddress,
      matchedJurisdictions: 1,
      jurisdictionCode: document.jurisdiction.code,
      jurisdictionName: document.jurisdiction.name,
      documentCode: document.documentCode,
      charges: { amountMinor: document.chargesTotalMinor, currency: document.currency },
      held: true,
      reason,
      detectedAt: Date.now(),
    },
  };
}
