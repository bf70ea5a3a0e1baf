import type { ActivationRequested } from '@handoff/contracts';
import type { EventEnvelope } from '@handoff/messaging';
import type { MnoOrder, MnoProvisioningPort, PortInRequest } from '@handoff/mno-provisioning';
import { PAYMENT_INTEGRATION_POINT, type PaymentDeclinedError } from '@handoff/payments';
import { PortInSecretsExpiredError, type PortInSecretStore } from '@handoff/port-in-secrets';
import { AwaitingCompletionError, DeferredError, PermanentError } from '@handoff/resilience';
import { FULFILMENT_INTEGRATION_POINT, SimInventory } from '@handoff/sim-inventory';
import {
  activationFailed,
  provisioningFailed,
  type Reason,
  provisioningStarted,
  provisioningSucceeded,
  subscriberActivated,
} from './activation-events';
import { intakePointOf } from './activation-intake';
import type { ActivationRecord, ActivationRepository } from './activation.repository';
import type { AuthorizationRenewal } from './authorization-renewal';
import { KeptHold } from './kept-hold';
import type { MoneyCompensation } from './money-compensation';
import type { SagaCommitter } from './saga-commit';
import type { SagaLedger } from './saga-ledger';
import { vendorCallOutcome } from './vendor-call.recorder';

const MNO = 'handoff-to-mno';
const DEFAULT_ORDER_WAIT_LIMIT_MS = 30 * 60_000;

/**
 * Provisioning at the MNO: submit once (create-or-find), then wait for the asynchronous answer
 * through the retry path, held while the MNO's breaker is open; completed or failed at the end.
 */
export class ProvisioningStep {
  private readonly keptHold: KeptHold;

  constructor(
    private readonly repository: ActivationRepository,
    private readonly committer: SagaCommitter,
    private readonly mno: MnoProvisioningPort,
    private readonly ledger: SagaLedger,
    private readonly secrets: PortInSecretStore,
    private readonly compensation: MoneyCompensation,
    private readonly renewal: AuthorizationRenewal,
    private readonly orderWaitLimitMs = DEFAULT_ORDER_WAIT_LIMIT_MS,
    private readonly sims = new SimInventory({ checks: false }),
  ) {
    this.keptHold = new KeptHold(repository, committer, ledger);
  }

  /**
   * The row after the line is provisioned when money is still to be settled (capture, tax commit);
   * undefined when the activation ended here (completed without charges, or failed).
   */
  async run(
    envelope: EventEnvelope<ActivationRequested>,
    from: ActivationRecord,
    attempt: number,
  ): Promise<ActivationRecord | undefined> {
    const a = await this.renewAuthorization(envelope, from, attempt);
    if (!a) return undefined;
    if (this.mno.health.breakerOpen()) await this.hold(envelope, a);
    const order = await this.orderOf(envelope, a, attempt);
    if (order.state === 'completed') return this.complete(envelope, a, order);
    if (order.state === 'failed' || order.state === 'cancelled') {
      await this.fail(envelope, a, order, attempt);
      return undefined;
    }
    if (a.state === 'held') await this.resume(envelope, a);
    // The MNO answers asynchronously: wait through the retry path, never in a blocking loop, and
    // without spending retries (an order may take minutes), up to the operation's wait limit.
    throw new AwaitingCompletionError(
      'MNO.ORDER_PENDING',
      `MNO order ${order.orderId} is ${order.state}`,
      { stage: 'vendor-call', integrationPoint: MNO, waitLimitMs: this.orderWaitLimitMs },
    );
  }

  /** The order as the MNO has it; a permanent MNO error with money held keeps the hold (decision 45). */
  private async orderOf(
    envelope: EventEnvelope<ActivationRequested>,
    a: ActivationRecord,
    attempt: number,
  ): Promise<MnoOrder> {
    let order: MnoOrder;
    try {
      order = a.mnoOrderId
        ? await this.callMno(envelope, attempt, 'getOrder', () => this.mno.getOrder(a.mnoOrderId!))
        : await this.submit(envelope, a, attempt);
    } catch (error) {
      throw await this.keptHold.onMnoError(envelope, a, error);
    }
    await this.keptHold.release(envelope, a);
    return order;
  }

  private async submit(
    envelope: EventEnvelope<ActivationRequested>,
    a: ActivationRecord,
    attempt: number,
  ) {
    const r = envelope.data;
    const portIn = await this.portInOf(envelope, a);
    const order = await this.callMno(envelope, attempt, 'submitOrFind', () =>
      this.mno.submitOrFind({
        activationId: r.activationId,
        iccid: r.iccid,
        msisdn: r.msisdn,
        planCode: r.planCode,
        portIn,
      }),
    );
    await this.committer.commit(envelope, async (db) => {
      await this.repository.update(db, a.activationId, {
        mnoOrderId: order.orderId,
        state: 'inProgress',
      });
      return { result: undefined, events: [provisioningStarted(a, order, attempt)] };
    });
    return { ...order };
  }

  /**
   * The port-in with its secrets, claimed from the store by the row's claim check (rows from before
   * the store keep them inline). Secrets past their window end the activation: it fails with the
   * reason (an ActivationFailed for the dealer or the BSS) and the record is dead-lettered with the
   * same code, so an operator's replay is reported as failed again, not as a success.
   */
  private async portInOf(
    envelope: EventEnvelope<ActivationRequested>,
    a: ActivationRecord,
  ): Promise<PortInRequest | null> {
    const portIn = a.request.portIn;
    if (portIn === null) return null;
    const { donorOperator, secretsRef } = portIn;
    try {
      const secrets = secretsRef
        ? await this.committer.commit(envelope, async (db) => ({
            result: await this.secrets.claim(db, secretsRef, a.activationId),
          }))
        : portIn;
      return { donorOperator, accountNumber: secrets.accountNumber ?? '', pin: secrets.pin ?? '' };
    } catch (error) {
      if (!(error instanceof PortInSecretsExpiredError)) throw error;
      throw await this.failForExpiredSecrets(envelope, a, error);
    }
  }

  private async failForExpiredSecrets(
    envelope: EventEnvelope<ActivationRequested>,
    a: ActivationRecord,
    error: PortInSecretsExpiredError,
  ): Promise<PermanentError> {
    const intake = intakePointOf(a);
    const reason = { code: error.code, message: error.message };
    await this.failBeforeOrder(envelope, a, reason, intake, 'port-in secrets expired');
    return new PermanentError(error.code, error.message, {
      cause: error,
      stage: 'validate',
      integrationPoint: intake,
    });
  }

  /**
   * A hold about to lapse while the activation waits is renewed first. A declined renewal ends the
   * activation only while nothing was sent to the MNO; once an order is out the line cannot be
   * recalled, so the hold there is is kept and the capture decides (decision 39).
   */
  private async renewAuthorization(
    envelope: EventEnvelope<ActivationRequested>,
    a: ActivationRecord,
    attempt: number,
  ): Promise<ActivationRecord | undefined> {
    const { activation, declined } = await this.renewal.renewIfDue(envelope, a, attempt);
    if (!declined || a.mnoOrderId) return activation;
    await this.failBeforeOrder(
      envelope,
      a,
      reauthorizationDeclined(declined),
      PAYMENT_INTEGRATION_POINT,
      'payment re-authorization declined',
      'paymentAuthorization',
    );
    return undefined;
  }

  /** Ends an activation no order was placed for: the money undone, `ActivationFailed` to `owner`. */
  private async failBeforeOrder(
    envelope: EventEnvelope<ActivationRequested>,
    a: ActivationRecord,
    reason: Reason,
    integrationPoint: string,
    why: string,
    step: 'provisioning' | 'paymentAuthorization' = 'provisioning',
  ): Promise<void> {
    const owner = { team: this.ledger.ownerTeam(integrationPoint), integrationPoint };
    const undone = await this.compensation.undo(envelope, a, why);
    await this.committer.commit(envelope, async (db) => {
      await this.repository.update(db, a.activationId, {
        state: 'failed',
        reasonCode: reason.code,
        reasonMessage: reason.message,
        ownerTeam: owner.team,
        completed: true,
      });
      await this.secrets.discard(db, a.activationId);
      return {
        result: undefined,
        events: [...undone, activationFailed(a, reason, owner, null, step)],
        ledger: [
          this.ledger.outcome(envelope, 'activation', 'failed', { reasonCode: reason.code }),
        ],
      };
    });
  }

  /** The MNO is down (breaker open): the activation waits as held, without burning its retries. */
  private async hold(
    envelope: EventEnvelope<ActivationRequested>,
    a: ActivationRecord,
  ): Promise<never> {
    if (a.state !== 'held') {
      await this.committer.commit(envelope, async (db) => {
        await this.repository.update(db, a.activationId, { state: 'held' });
        return {
          result: undefined,
          ledger: [this.ledger.outcome(envelope, 'provisioning', 'held', {})],
        };
      });
    }
    throw new DeferredError('MNO.BREAKER_OPEN', 'the MNO breaker is open; activation held', {
      stage: 'vendor-call',
      integrationPoint: MNO,
    });
  }

  private async resume(
    envelope: EventEnvelope<ActivationRequested>,
    a: ActivationRecord,
  ): Promise<void> {
    await this.committer.commit(envelope, async (db) => {
      await this.repository.update(db, a.activationId, { state: 'inProgress' });
      return { result: undefined };
    });
  }

  private async complete(
    envelope: EventEnvelope<ActivationRequested>,
    a: ActivationRecord,
    order: MnoOrder,
  ): Promise<ActivationRecord | undefined> {
    const r = envelope.data;
    const { subscriberId } = a;
    // With money authorized, the line is provisioned but not yet paid: capture and tax commit follow.
    const settles = a.money.paymentIntentId !== null;
    const line = { imsi: order.imsi ?? null, msisdn: order.msisdn ?? r.msisdn ?? null };
    await this.committer.commit(envelope, async (db) => {
      await this.repository.createSubscriber(db, {
        subscriberId,
        iccid: r.iccid,
        msisdn: line.msisdn ?? '',
        imsi: line.imsi ?? '',
        planCode: r.planCode,
        activationId: a.activationId,
      });
      await this.repository.update(db, a.activationId, {
        ...(settles ? { step: 'paymentCapture' } : { state: 'completed', step: 'completed' }),
        imsi: order.imsi,
        msisdn: order.msisdn,
        subscriberId,
        completed: !settles,
      });
      // The number is ported: its PIN and account number are of no further use.
      await this.secrets.discard(db, a.activationId);
      // The SIM is active; an IMSI other than its batch's is flagged to fulfilment, the line served.
      const mismatch = await this.sims.lineProvisioned(db, {
        iccid: r.iccid,
        subscriberId,
        imsi: line.imsi,
        activationId: a.activationId,
      });
      const provisioned = provisioningSucceeded(a, order);
      return {
        result: undefined,
        events: [provisioned, ...(settles ? [] : [subscriberActivated(a, line)]), ...mismatch],
        ledger: [
          this.ledger.outcome(envelope, settles ? 'provisioning' : 'activation', 'completed', {
            orderId: order.orderId,
          }),
          ...mismatch.map(() =>
            this.ledger.outcome(
              envelope,
              'provisioning',
              'flagged',
              { reasonCode: 'SIM.IMSI_MISMATCH' },
              FULFILMENT_INTEGRATION_POINT,
            ),
          ),
        ],
      };
    });
    return settles ? { ...a, ...line, step: 'paymentCapture' } : undefined;
  }

  private async fail(
    envelope: EventEnvelope<ActivationRequested>,
    a: ActivationRecord,
    order: MnoOrder,
    attempt: number,
  ) {
    const code = order.failure?.code ?? 'ORDER_FAILED';
    const reason = {
      code: `MNO.${code}`,
      message: order.failure?.message ?? `MNO order ${order.state}`,
    };
    const owner = { team: this.ledger.ownerTeam(MNO), integrationPoint: MNO };
    // Never charge for a line that was not provisioned: the hold and the tax document go first.
    const undone = await this.compensation.undo(envelope, a, 'provisioning failed');
    await this.committer.commit(envelope, async (db) => {
      await this.repository.update(db, a.activationId, {
        state: 'failed',
        reasonCode: reason.code,
        reasonMessage: reason.message,
        ownerTeam: owner.team,
        completed: true,
      });
      await this.secrets.discard(db, a.activationId);
      return {
        result: undefined,
        events: [
          ...undone,
          provisioningFailed(a, order, reason, attempt),
          activationFailed(a, reason, owner, order.orderId),
        ],
        ledger: [
          this.ledger.outcome(envelope, 'activation', 'failed', { reasonCode: reason.code }),
        ],
      };
    });
  }

  /** One vendor call, timed and in the ledger whatever its outcome. */
  private async callMno(
    envelope: EventEnvelope,
    attempt: number,
    operation: string,
    call: () => Promise<MnoOrder>,
  ): Promise<MnoOrder> {
    const started = Date.now();
    try {
      const order = await call();
      const entry = this.ledger.vendorCall(
        envelope,
        operation,
        attempt,
        Date.now() - started,
        order.state,
        order.orderId,
      );
      await this.committer.record([entry]);
      return order;
    } catch (error) {
      const outcome = vendorCallOutcome(error);
      const code = (error as { code?: string }).code ?? 'UNCLASSIFIED';
      await this.committer.record([
        this.ledger.vendorCall(
          envelope,
          operation,
          attempt,
          Date.now() - started,
          outcome,
          undefined,
          code,
        ),
      ]);
      throw error;
    }
  }
}

function reauthorizationDeclined(decline: PaymentDeclinedError): Reason {
  return {
    code: 'PAYMENT.REAUTHORIZATION_DECLINED',
    message:
      'the issuer declined to renew the payment authorization before it lapsed ' +
      `(${decline.category}: ${decline.declineCode})`,
  };
}
