import { isValidIccid } from '@handoff/activation-requests';
import type { ActivationRedriveRequested, ActivationRequested } from '@handoff/contracts';
import type { EventEnvelope, HandlerContext } from '@handoff/messaging';
import { inSpan } from '@handoff/observability';
import { checkInPortIn, type PortInSecretStore } from '@handoff/port-in-secrets';
import type { EntityManager } from 'typeorm';
import { BusinessRejection } from '@handoff/resilience';
import { FULFILMENT_INTEGRATION_POINT, SimInventory } from '@handoff/sim-inventory';
import type { TaxEnginePort, TaxJurisdiction } from '@handoff/tax-engine';
import { chargeProblem, chargesOf, serviceAddressOf } from './activation-charges';
import { activationRejected, type Reason } from './activation-events';
import {
  isTerminal,
  type ActivationRecord,
  type ActivationRepository,
} from './activation.repository';
import type { ChargeSteps } from './charge.steps';
import type { ProvisioningStep } from './provisioning.step';
import { claimRedrive } from './redrive/redrive-claim';
import type { SagaCommitter } from './saga-commit';
import type { SagaLedger } from './saga-ledger';
import type { SettlementStep } from './settlement.step';
import { isHeldForTax } from './tax-hold';

/** One step of the saga in a span of its own, named by the step the row is at. */
function sagaStep<T>(a: ActivationRecord, step: (a: ActivationRecord) => Promise<T>): Promise<T> {
  const attributes = { 'handoff.saga.step': a.step, 'handoff.activation_id': a.activationId };
  return inSpan(`saga ${a.step}`, attributes, () => step(a));
}

/** The steps that follow validation, each resuming where the row says the saga stopped. */
export interface SagaSteps {
  charges: ChargeSteps;
  provisioning: ProvisioningStep;
  settlement: SettlementStep;
}

/**
 * The activation saga: validate (with the tax jurisdiction of the service address), quote the tax,
 * authorize the payment, provision at the MNO, capture, commit the tax, announce. An activation
 * without charges skips the money steps. Every step's outcome is committed before the next acts,
 * and every step is safe to run again: a redelivered or retried request picks up where the row
 * says it stopped, and asks the vendor before acting again after an unknown outcome.
 */
export class ActivationSaga {
  constructor(
    private readonly repository: ActivationRepository,
    private readonly committer: SagaCommitter,
    private readonly steps: SagaSteps,
    private readonly tax: TaxEnginePort,
    private readonly ledger: SagaLedger,
    private readonly secrets: PortInSecretStore,
    /** Checks each SIM when SIM_INVENTORY_CHECKS is on; off unless given. */
    private readonly sims = new SimInventory({ checks: false }),
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
    // Held for tax, it waits for an operator's redrive: a request sent again does not re-drive it.
    if (isTerminal(activation.state) || isHeldForTax(activation)) return;
    let a: ActivationRecord | undefined = activation;
    if (a.step === 'validation') a = await sagaStep(a, (r) => this.validate(envelope, r));
    await this.resume(envelope, a, handling.attempt);
  }

  /**
   * An operator re-drove a held activation (its tax configuration fixed): the saga carries on from
   * the step its row records, under this request (a retry of the request resumes it again).
   */
  async onRedriveRequested(
    envelope: EventEnvelope<ActivationRedriveRequested>,
    handling: HandlerContext,
  ): Promise<void> {
    const a = await this.committer.commit(envelope, (db) =>
      claimRedrive(db, this.repository, this.ledger, envelope),
    );
    if (a) await this.resume({ ...envelope, data: a.request }, a, handling.attempt);
  }

  private async resume(
    envelope: EventEnvelope<ActivationRequested>,
    from: ActivationRecord | undefined,
    attempt: number,
  ): Promise<void> {
    const { charges, provisioning, settlement } = this.steps;
    let a = from;
    if (a?.step === 'taxQuote') a = await sagaStep(a, (r) => charges.quote(envelope, r, attempt));
    if (a?.step === 'paymentAuthorization') {
      a = await sagaStep(a, (r) => charges.authorize(envelope, r, attempt));
    }
    if (a?.step === 'provisioning')
      a = await sagaStep(a, (r) => provisioning.run(envelope, r, attempt));
    if (a?.step === 'paymentCapture' || a?.step === 'taxCommit') {
      await sagaStep(a, (r) => settlement.run(envelope, r, attempt));
    }
  }

  /**
   * The row for the next step, or undefined when the request was rejected (a business outcome: an
   * event, never a dead letter). The jurisdiction is asked before the transaction: a vendor call
   * holds no connection; an engine that is down sends the request through the retry path.
   */
  private async validate(
    envelope: EventEnvelope<ActivationRequested>,
    activation: ActivationRecord,
  ): Promise<ActivationRecord | undefined> {
    const place = await this.jurisdictionOf(activation);
    return this.committer.commit(envelope, async (db) => {
      const rejection = (await this.rejectionOf(db, activation)) ?? place.rejection;
      if (rejection) {
        await this.repository.update(db, activation.activationId, {
          state: 'rejected',
          reasonCode: rejection.reason.code,
          reasonMessage: rejection.reason.message,
          ownerTeam: this.ledger.ownerTeam(rejection.owner ?? 'dealer-portal-to-handoff'),
          completed: true,
        });
        await this.secrets.discard(db, activation.activationId);
        return {
          result: undefined,
          events: [activationRejected(activation, rejection.reason, rejection.field)],
          ledger: [
            this.ledger.outcome(
              envelope,
              'validation',
              'rejected',
              { reasonCode: rejection.reason.code },
              rejection.owner,
            ),
          ],
        };
      }
      const step = chargesOf(activation.request) ? 'taxQuote' : 'provisioning';
      const taxJurisdictionCode = place.jurisdiction!.code;
      await this.repository.update(db, activation.activationId, {
        step,
        state: 'inProgress',
        money: { taxJurisdictionCode },
      });
      return {
        result: { ...activation, step, money: { ...activation.money, taxJurisdictionCode } },
        ledger: [this.ledger.outcome(envelope, 'validation', 'ok', { taxJurisdictionCode })],
      };
    });
  }

  /** The tax jurisdiction of the service address; one that resolves to none is a rejection. */
  private async jurisdictionOf(
    a: ActivationRecord,
  ): Promise<{ jurisdiction?: TaxJurisdiction; rejection?: Rejection }> {
    try {
      return { jurisdiction: await this.tax.resolveJurisdiction(serviceAddressOf(a.request)) };
    } catch (error) {
      if (!(error instanceof BusinessRejection)) throw error;
      const message = 'the service address resolves to no tax jurisdiction';
      return { rejection: rejection('serviceAddress', error.reason, message) };
    }
  }

  private async rejectionOf(
    db: EntityManager,
    a: ActivationRecord,
  ): Promise<Rejection | undefined> {
    if (!isValidIccid(a.iccid)) {
      return rejection('iccid', 'ICCID.INVALID', 'ICCID fails its format or Luhn check');
    }
    // Before the binding checks: a SIM already active is fulfilment's finding (docs/sim-inventory.md).
    const refusal = await this.sims.activationRefusal(db, a);
    if (refusal) {
      return {
        ...rejection('iccid', refusal.code, refusal.message),
        owner: FULFILMENT_INTEGRATION_POINT,
      };
    }
    if (!(await this.repository.planExists(db, a.planCode))) {
      return rejection('planCode', 'PLAN.UNKNOWN', `plan ${a.planCode} is not in the catalogue`);
    }
    const charging = chargeProblem(a.request);
    if (charging) return rejection(charging.field, charging.code, charging.message);
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
  /** The integration point that owns it, when not the intake's (a SIM refused: fulfilment). */
  owner?: string;
}

const rejection = (field: string, code: string, message: string): Rejection => ({
  reason: { code, message },
  field,
});
