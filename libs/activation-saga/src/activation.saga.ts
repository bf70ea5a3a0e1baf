import { isValidIccid } from '@handoff/activation-requests';
import type { ActivationRequested } from '@handoff/contracts';
import type { EventEnvelope, HandlerContext } from '@handoff/messaging';
import type { MnoOrder, MnoProvisioningPort } from '@handoff/mno-provisioning';
import { DeferredError, RetryableError } from '@handoff/resilience';
import type { EntityManager } from 'typeorm';
import {
  activationFailed,
  activationRejected,
  provisioningFailed,
  provisioningStarted,
  provisioningSucceeded,
  subscriberActivated,
  type Reason,
} from './activation-events';
import {
  isTerminal,
  type ActivationRecord,
  type ActivationRepository,
} from './activation.repository';
import type { SagaCommitter } from './saga-commit';
import type { SagaLedger } from './saga-ledger';

const MNO = 'handoff-to-mno';

/**
 * The activation saga: validate, (tax and payment slot in here), provision at the MNO, announce.
 * Every step's outcome is committed before the next acts, and every step is safe to run again:
 * a redelivered or retried request picks up where the row says it stopped.
 */
export class ActivationSaga {
  constructor(
    private readonly repository: ActivationRepository,
    private readonly committer: SagaCommitter,
    private readonly mno: MnoProvisioningPort,
    private readonly ledger: SagaLedger,
  ) {}

  async onRequested(
    envelope: EventEnvelope<ActivationRequested>,
    handling: HandlerContext,
  ): Promise<void> {
    const activation = await this.committer.commit(envelope, async (db) => ({
      result: await this.repository.loadOrCreate(db, envelope.data, envelope.correlationId),
      ledger: [this.ledger.consumed(envelope)],
    }));
    if (isTerminal(activation.state)) return;
    if (activation.step === 'validation' && !(await this.validate(envelope, activation))) return;
    await this.provision(envelope, { ...activation, step: 'provisioning' }, handling.attempt);
  }

  /** False when the request was rejected (a business outcome: an event, never a dead letter). */
  private async validate(
    envelope: EventEnvelope<ActivationRequested>,
    activation: ActivationRecord,
  ): Promise<boolean> {
    return this.committer.commit(envelope, async (db) => {
      const rejection = await this.rejectionOf(db, activation);
      if (rejection) {
        await this.repository.update(db, activation.activationId, {
          state: 'rejected',
          reasonCode: rejection.reason.code,
          reasonMessage: rejection.reason.message,
          ownerTeam: this.ledger.ownerTeam('dealer-portal-to-handoff'),
          completed: true,
        });
        return {
          result: false,
          events: [activationRejected(envelope.data, rejection.reason, rejection.field)],
          ledger: [
            this.ledger.outcome(envelope, 'validation', 'rejected', {
              reasonCode: rejection.reason.code,
            }),
          ],
        };
      }
      await this.repository.update(db, activation.activationId, {
        step: 'provisioning',
        state: 'inProgress',
      });
      return { result: true, ledger: [this.ledger.outcome(envelope, 'validation', 'ok', {})] };
    });
  }

  private async rejectionOf(
    db: EntityManager,
    a: ActivationRecord,
  ): Promise<{ reason: Reason; field: string } | undefined> {
    if (!isValidIccid(a.iccid)) {
      return {
        reason: { code: 'ICCID.INVALID', message: 'ICCID fails its format or Luhn check' },
        field: 'iccid',
      };
    }
    if (!(await this.repository.planExists(db, a.planCode))) {
      return {
        reason: { code: 'PLAN.UNKNOWN', message: `plan ${a.planCode} is not in the catalogue` },
        field: 'planCode',
      };
    }
    if (await this.repository.iccidBoundElsewhere(db, a.iccid, a.activationId)) {
      return {
        reason: {
          code: 'ICCID_ALREADY_BOUND',
          message: 'this ICCID is bound to another subscriber or activation',
        },
        field: 'iccid',
      };
    }
    return undefined;
  }

  private async provision(
    envelope: EventEnvelope<ActivationRequested>,
    a: ActivationRecord,
    attempt: number,
  ) {
    if (this.mno.health.breakerOpen()) await this.hold(envelope, a);
    const order = a.mnoOrderId
      ? await this.callMno(envelope, attempt, 'getOrder', () => this.mno.getOrder(a.mnoOrderId!))
      : await this.submit(envelope, a, attempt);
    if (order.state === 'completed') return this.complete(envelope, a, order);
    if (order.state === 'failed' || order.state === 'cancelled')
      return this.fail(envelope, a, order, attempt);
    if (a.state === 'held') await this.resume(envelope, a);
    // The MNO answers asynchronously: wait through the retry path, never in a blocking loop.
    throw new RetryableError('MNO.ORDER_PENDING', `MNO order ${order.orderId} is ${order.state}`, {
      stage: 'vendor-call',
      integrationPoint: MNO,
    });
  }

  private async submit(
    envelope: EventEnvelope<ActivationRequested>,
    a: ActivationRecord,
    attempt: number,
  ) {
    const r = envelope.data;
    const order = await this.callMno(envelope, attempt, 'submitOrFind', () =>
      this.mno.submitOrFind({
        activationId: r.activationId,
        iccid: r.iccid,
        msisdn: r.msisdn,
        planCode: r.planCode,
        portIn: r.portIn && {
          donorOperator: r.portIn.donorOperator,
          accountNumber: r.portIn.accountNumber ?? '',
          pin: r.portIn.pin ?? '',
        },
      }),
    );
    await this.committer.commit(envelope, async (db) => {
      await this.repository.update(db, a.activationId, {
        mnoOrderId: order.orderId,
        state: 'inProgress',
      });
      return { result: undefined, events: [provisioningStarted(r, order, attempt)] };
    });
    return { ...order };
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
  ) {
    const r = envelope.data;
    const subscriberId = r.subscriberId ?? `sub-${a.activationId.replace(/^act-/, '')}`;
    await this.committer.commit(envelope, async (db) => {
      await this.repository.createSubscriber(db, {
        subscriberId,
        iccid: r.iccid,
        msisdn: order.msisdn ?? r.msisdn ?? '',
        imsi: order.imsi ?? '',
        planCode: r.planCode,
        activationId: a.activationId,
      });
      await this.repository.update(db, a.activationId, {
        state: 'completed',
        step: 'completed',
        imsi: order.imsi,
        msisdn: order.msisdn,
        subscriberId,
        completed: true,
      });
      return {
        result: undefined,
        events: [provisioningSucceeded(r, order), subscriberActivated(r, order, subscriberId)],
        ledger: [
          this.ledger.outcome(envelope, 'activation', 'completed', { orderId: order.orderId }),
        ],
      };
    });
  }

  private async fail(
    envelope: EventEnvelope<ActivationRequested>,
    a: ActivationRecord,
    order: MnoOrder,
    attempt: number,
  ) {
    const r = envelope.data;
    const code = order.failure?.code ?? 'ORDER_FAILED';
    const reason = {
      code: `MNO.${code}`,
      message: order.failure?.message ?? `MNO order ${order.state}`,
    };
    const owner = { team: this.ledger.ownerTeam(MNO), integrationPoint: MNO };
    await this.committer.commit(envelope, async (db) => {
      await this.repository.update(db, a.activationId, {
        state: 'failed',
        reasonCode: reason.code,
        reasonMessage: reason.message,
        ownerTeam: owner.team,
        completed: true,
      });
      return {
        result: undefined,
        events: [
          provisioningFailed(r, order, reason, attempt),
          activationFailed(r, reason, owner, order.orderId),
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
      const outcome =
        error instanceof DeferredError
          ? 'held'
          : error instanceof RetryableError
            ? 'retrying'
            : 'failed';
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
