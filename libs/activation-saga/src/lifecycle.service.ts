import type {
  SimSwapRequested,
  SubscriberDeactivationRequested,
  SubscriberPlanChangeRequested,
  SubscriberResumptionRequested,
  SubscriberSuspensionRequested,
} from '@handoff/contracts';
import type { EventEnvelope } from '@handoff/messaging';
import {
  MNO_INTEGRATION_POINT,
  type MnoLineOrder,
  type MnoProvisioningPort,
} from '@handoff/mno-provisioning';
import { AwaitingCompletionError, DeferredError } from '@handoff/resilience';
import { SimInventory } from '@handoff/sim-inventory';
import type { EntityManager } from 'typeorm';
import type { Line } from './line/line';
import { lineBusy, requestRejected } from './line/line-events';
import {
  DEACTIVATION,
  PLAN_CHANGE,
  RESUMPTION,
  SIM_SWAP,
  SUSPENSION,
  type LineOrderKind,
  type LineRequestEvent,
} from './line/line-request-kinds';
import type { LineRepository, LineRequestIntake } from './line/line.repository';
import { decideLineRequest } from './line/line-transitions';
import type { SagaCommitter, StepOutcome } from './saga-commit';
import type { SagaLedger } from './saga-ledger';
import { VendorCallRecorder } from './vendor-call.recorder';

const DEFAULT_ORDER_WAIT_LIMIT_MS = 30 * 60_000;

/** A request whose MNO order is to be placed or followed: the line as it was when it opened. */
interface OpenRequest {
  intake: LineRequestIntake & { kind: LineOrderKind<LineRequestEvent>['kind'] };
  line: Line;
  mnoOrderId: string | null;
}

/**
 * Lifecycle requests after activation, each placing one TMF641 order at the MNO. They share the
 * activation's topic and are keyed by the subscriber id, and the consumer parks a subscriber's later
 * events while one waits in the retry path, so one line's orders reach the MNO in request order and a
 * suspend never overtakes the activation it follows. Whether a request may change the line is
 * `decideLineRequest`'s (docs/lifecycle.md); the line changes only once the MNO has completed.
 */
export class LifecycleService {
  private readonly calls: VendorCallRecorder;

  constructor(
    private readonly lines: LineRepository,
    private readonly committer: SagaCommitter,
    private readonly mno: MnoProvisioningPort,
    private readonly ledger: SagaLedger,
    private readonly orderWaitLimitMs = DEFAULT_ORDER_WAIT_LIMIT_MS,
    private readonly sims = new SimInventory({ checks: false }),
  ) {
    this.calls = new VendorCallRecorder(committer, ledger);
  }

  onSuspensionRequested(e: EventEnvelope<SubscriberSuspensionRequested>, attempt = 1) {
    return this.handle(e, attempt, SUSPENSION);
  }

  onResumptionRequested(e: EventEnvelope<SubscriberResumptionRequested>, attempt = 1) {
    return this.handle(e, attempt, RESUMPTION);
  }

  onPlanChangeRequested(e: EventEnvelope<SubscriberPlanChangeRequested>, attempt = 1) {
    return this.handle(e, attempt, PLAN_CHANGE);
  }

  onDeactivationRequested(e: EventEnvelope<SubscriberDeactivationRequested>, attempt = 1) {
    return this.handle(e, attempt, DEACTIVATION);
  }

  onSimSwapRequested(e: EventEnvelope<SimSwapRequested>, attempt = 1) {
    return this.handle(e, attempt, SIM_SWAP);
  }

  /**
   * Decide and open (committed), place or find the order, then settle the request on the MNO's
   * answer, or wait for it in the retry path without spending retries. A redelivery finds the
   * request open and follows the order already placed instead of ordering again.
   */
  private async handle<T extends LineRequestEvent>(
    envelope: EventEnvelope<T>,
    attempt: number,
    kind: LineOrderKind<T>,
  ): Promise<void> {
    const open = await this.committer.commit(envelope, (db) => this.decide(db, envelope, kind));
    if (!open) return;
    if (this.mno.health.breakerOpen()) {
      // The MNO is down: the request is held, its line stays busy, and the subscriber's later
      // requests stay parked behind it until the order is placed after recovery.
      throw new DeferredError('MNO.BREAKER_OPEN', 'the MNO breaker is open; request held', {
        stage: 'vendor-call',
        integrationPoint: MNO_INTEGRATION_POINT,
      });
    }
    const order = await this.orderOf(envelope, attempt, open, kind);
    if (order.state === 'completed' || order.state === 'failed' || order.state === 'cancelled') {
      await this.committer.commit(envelope, (db) => this.settle(db, envelope, open, order, kind));
      return;
    }
    throw new AwaitingCompletionError(
      'MNO.ORDER_PENDING',
      `MNO order ${order.orderId} is ${order.state}`,
      {
        stage: 'vendor-call',
        integrationPoint: MNO_INTEGRATION_POINT,
        waitLimitMs: this.orderWaitLimitMs,
      },
    );
  }

  private async decide<T extends LineRequestEvent>(
    db: EntityManager,
    envelope: EventEnvelope<T>,
    kind: LineOrderKind<T>,
  ): Promise<{ result: OpenRequest | undefined } & StepOutcome> {
    const request = envelope.data;
    const named = kind.named(request);
    const line = await this.lines.lock(db, named.subscriberId, named.legacyIccid);
    const intake = {
      requestId: request.requestId,
      subscriberId: line?.subscriberId ?? named.subscriberId,
      kind: kind.kind,
      eventId: envelope.id,
      correlationId: envelope.correlationId,
      requestedAt: request.requestedAt,
    };
    const previous = await this.lines.findRequest(db, intake);
    const rule = await kind.rule(request, {
      planInCatalogue: (code) => this.lines.planInCatalogue(db, code),
      iccidBoundElsewhere: (iccid) =>
        this.lines.iccidBoundElsewhere(db, iccid, intake.subscriberId),
      simRefusal: (iccid) => this.sims.swapRefusal(db, iccid),
    });
    const decision = decideLineRequest(rule, line, previous);
    switch (decision.verdict) {
      case 'repeat':
        // Our own request, back from the retry path (or redelivered) while its order is open.
        if (decision.previous.state === 'inProgress' && line)
          return { result: { intake, line, mnoOrderId: decision.previous.mnoOrderId } };
        return {
          result: undefined,
          ledger: [
            this.outcome(envelope, kind, 'duplicate', { previous: decision.previous.state }),
          ],
        };
      case 'wait':
        throw lineBusy(intake.subscriberId, decision.openRequestId);
      case 'reject':
        await this.lines.reject(db, intake, decision.code);
        return {
          result: undefined,
          events: [requestRejected(intake, decision, line)],
          ledger: [
            this.ledger.consumed(envelope),
            this.outcome(envelope, kind, 'rejected', { reasonCode: decision.code }, decision.owner),
          ],
        };
      case 'apply':
        await this.lines.open(db, intake, decision.target);
        return {
          result: { intake, line: line!, mnoOrderId: null },
          ledger: [this.ledger.consumed(envelope), this.outcome(envelope, kind, 'ordered', {})],
        };
    }
  }

  /** The order as the MNO has it: placed once (found by the request's key), then followed. */
  private async orderOf<T extends LineRequestEvent>(
    envelope: EventEnvelope<T>,
    attempt: number,
    open: OpenRequest,
    kind: LineOrderKind<T>,
  ): Promise<MnoLineOrder> {
    const at = (operation: string) => ({
      integrationPoint: MNO_INTEGRATION_POINT,
      operation,
      attempt,
    });
    const describe = (o: MnoLineOrder) => ({ outcome: o.state, id: o.orderId });
    if (open.mnoOrderId) {
      const orderId = open.mnoOrderId;
      return this.calls.call(
        envelope,
        at('getLineOrder'),
        () => this.mno.getLineOrder(orderId),
        describe,
      );
    }
    const order = await this.calls.call(
      envelope,
      at('submitLineOrder'),
      () =>
        this.mno.submitLineOrder({
          requestId: lineOrderKey(open.intake),
          iccid: open.line.iccid,
          change: kind.change(envelope.data),
        }),
      describe,
    );
    await this.committer.commit(envelope, async (db) => {
      await this.lines.recordOrder(db, open.intake, order.orderId);
      return { result: undefined };
    });
    return order;
  }

  /** The MNO answered: the line takes the change and it is announced, or the refusal is. */
  private async settle<T extends LineRequestEvent>(
    db: EntityManager,
    envelope: EventEnvelope<T>,
    open: OpenRequest,
    order: MnoLineOrder,
    kind: LineOrderKind<T>,
  ): Promise<{ result: undefined } & StepOutcome> {
    const before = (await this.lines.lock(db, open.intake.subscriberId)) ?? open.line;
    if (order.state === 'completed') {
      const after = await this.lines.complete(db, open.intake, {
        imsi: order.line?.imsi ?? undefined,
      });
      // Settled already (a redelivery after the commit): announced then, not again.
      if (!after) return { result: undefined };
      return {
        result: undefined,
        events: [
          kind.succeeded(envelope.data, before, after, order.orderId),
          ...(await this.simsFollow(db, before, after)),
        ],
        ledger: [this.outcome(envelope, kind, 'completed', { orderId: order.orderId })],
      };
    }
    const refusal = order.failure
      ? { code: order.failure.reasonCode, message: order.failure.message }
      : { code: 'MNO.ORDER_FAILED', message: `the MNO order ended ${order.state}` };
    if (!(await this.lines.fail(db, open.intake, refusal.code))) return { result: undefined };
    return {
      result: undefined,
      events: [requestRejected(open.intake, refusal, before)],
      ledger: [
        this.outcome(envelope, kind, 'rejected', {
          reasonCode: refusal.code,
          orderId: order.orderId,
          businessRejection: order.failure?.businessRejection ?? false,
        }),
      ],
    };
  }

  /** The SIMs follow the line: swapped out and in, or ended with it; mismatches told to fulfilment. */
  private async simsFollow(db: EntityManager, before: Line, after: Line) {
    if (after.state === 'terminated') {
      await this.sims.lineEnded(db, after.iccid);
      return [];
    }
    if (before.iccid === after.iccid) return [];
    const line = { iccid: after.iccid, subscriberId: after.subscriberId, imsi: after.imsi };
    return this.sims.simSwapped(db, before.iccid, { ...line, activationId: null });
  }

  private outcome<T extends LineRequestEvent>(
    envelope: EventEnvelope,
    kind: LineOrderKind<T>,
    outcome: string,
    summary: Record<string, unknown>,
    owner?: string,
  ) {
    return this.ledger.outcome(envelope, kind.kind, outcome, summary, owner);
  }
}

/**
 * The MNO order's external id: request ids are the requester's and unique per subscriber only, and
 * the MNO finds an order again by this id alone, so it names both (decision 54).
 */
export function lineOrderKey(ref: { subscriberId: string; requestId: string }): string {
  return `${ref.subscriberId}/${ref.requestId}`;
}
