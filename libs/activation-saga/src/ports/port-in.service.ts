import type { PortInRequested, Reason } from '@handoff/contracts';
import type { EventEnvelope } from '@handoff/messaging';
import type { MnoLineOrder, MnoProvisioningPort } from '@handoff/mno-provisioning';
import {
  PortInSecretsExpiredError,
  type PortInSecrets,
  type PortInSecretStore,
} from '@handoff/port-in-secrets';
import { AwaitingCompletionError, DeferredError, PermanentError } from '@handoff/resilience';
import type { EntityManager } from 'typeorm';
import { lineBusy, requestRejected } from '../line/line-events';
import type { Line } from '../line/line';
import type { LineRepository, LineRequestIntake, LineRequestRef } from '../line/line.repository';
import { decideLineRequest } from '../line/line-transitions';
import type { SagaCommitter, StepOutcome } from '../saga-commit';
import type { SagaLedger } from '../saga-ledger';
import { portInCompleted, portInPending, portInRefused } from './port-events';

const MNO = 'handoff-to-mno';
const PORT_IN_TIMED_OUT = 'MNO.PORT_IN_TIMED_OUT';
/** A donor may take a day or more to answer; past this the port fails, owned by the MNO's owner. */
export const DEFAULT_PORT_IN_WAIT_LIMIT_MS = 2 * 24 * 3_600_000;

/** A port-in whose order is open: what the next steps need of it. */
interface OpenPortIn {
  ref: LineRequestRef;
  iccid: string;
  mnoOrderId: string | null;
  secretsRef: string | null;
  /** How long the request has been open: past the wait limit the port-in fails. */
  openForMs: number;
}

/**
 * A number ported in onto an active line (docs/lifecycle.md): decided by the line's rules, then a
 * TMF641 port-in order, waited for through the retry path without spending retries (the donor may
 * take hours), announced `PortInPending` once, and answered `PortInCompleted` or `PortInRejected`.
 * A redelivery finds the request open and asks the MNO about its order instead of ordering again.
 */
export class PortInService {
  constructor(
    private readonly lines: LineRepository,
    private readonly committer: SagaCommitter,
    private readonly mno: MnoProvisioningPort,
    private readonly ledger: SagaLedger,
    private readonly secrets: PortInSecretStore,
    private readonly waitLimitMs = DEFAULT_PORT_IN_WAIT_LIMIT_MS,
  ) {}

  async onRequested(envelope: EventEnvelope<PortInRequested>): Promise<void> {
    const open = await this.committer.commit(envelope, (db) => this.decide(db, envelope));
    if (!open) return;
    if (open.openForMs >= this.waitLimitMs) return this.giveUp(envelope, open);
    const order = await this.orderOf(envelope, open);
    if (order === undefined) return;
    if (order.state === 'completed') return this.complete(envelope, open, order);
    if (order.state === 'failed' || order.state === 'cancelled') {
      const reasonCode = order.failure?.reasonCode ?? 'MNO.ORDER_FAILED';
      const reason = {
        code: reasonCode,
        message: order.failure?.message ?? `order ${order.state}`,
      };
      return this.fail(envelope, open, reason, order);
    }
    if (order.state === 'held') await this.announcePending(envelope, open, order);
    throw new AwaitingCompletionError(
      'MNO.PORT_IN_PENDING',
      `port-in order ${order.orderId} is ${order.state}`,
      { stage: 'vendor-call', integrationPoint: MNO, waitLimitMs: this.waitLimitMs },
    );
  }

  private async decide(
    db: EntityManager,
    envelope: EventEnvelope<PortInRequested>,
  ): Promise<{ result: OpenPortIn | undefined } & StepOutcome> {
    const request = envelope.data;
    const line = await this.lines.lock(db, request.subscriberId);
    const intake = intakeOf(envelope);
    const previous = await this.lines.findRequest(db, intake);
    const msisdnBoundElsewhere = await this.lines.msisdnBoundElsewhere(
      db,
      request.msisdn,
      intake.subscriberId,
    );
    const ask = { requestId: request.requestId, msisdn: request.msisdn, msisdnBoundElsewhere };
    const decision = decideLineRequest({ ...ask, kind: 'portIn' }, line, previous);
    switch (decision.verdict) {
      case 'repeat': {
        const { previous: seen } = decision;
        // Open still (a redelivery, or the wait's next look): carry on with the order it placed.
        if (seen.state === 'inProgress' && line)
          return { result: await this.openOf(db, envelope, line, seen.mnoOrderId) };
        return { result: undefined, ledger: [this.outcome(envelope, 'duplicate', {})] };
      }
      case 'wait':
        throw lineBusy(intake.subscriberId, decision.openRequestId);
      case 'reject':
        await this.lines.reject(db, intake, decision.code);
        return {
          result: undefined,
          events: [requestRejected(intake, decision, line)],
          ledger: [
            this.ledger.consumed(envelope),
            this.outcome(envelope, 'rejected', { reasonCode: decision.code }),
          ],
        };
      case 'apply':
        await this.lines.open(db, intake, decision.target);
        return {
          result: await this.openOf(db, envelope, line!, null),
          ledger: [this.ledger.consumed(envelope), this.outcome(envelope, 'opened', {})],
        };
    }
  }

  /** Inline secrets go to the store (once: a second deposit keeps the first) and leave the event. */
  private async openOf(
    db: EntityManager,
    envelope: EventEnvelope<PortInRequested>,
    line: Line,
    mnoOrderId: string | null,
  ): Promise<OpenPortIn> {
    const { portIn } = envelope.data;
    const inline = portIn.pin !== null || portIn.accountNumber !== null;
    const secretsRef = inline
      ? await this.secrets.deposit(db, secretsOwner(envelope.data), {
          accountNumber: portIn.accountNumber,
          pin: portIn.pin,
        })
      : portIn.secretsRef;
    const ref = intakeOf(envelope);
    const openForMs = (await this.lines.openFor(db, ref)) ?? 0;
    return { ref, iccid: line.iccid, mnoOrderId, secretsRef, openForMs };
  }

  /** The order as the MNO has it: placed once (our request id is its idempotency key), then read. */
  private async orderOf(
    envelope: EventEnvelope<PortInRequested>,
    open: OpenPortIn,
  ): Promise<MnoLineOrder | undefined> {
    if (open.mnoOrderId) {
      const orderId = open.mnoOrderId;
      return this.callMno(envelope, 'getLineOrder', () => this.mno.getLineOrder(orderId));
    }
    const secrets = await this.claim(envelope, open);
    if (!secrets) return undefined;
    const request = envelope.data;
    const order = await this.callMno(envelope, 'submitLineOrder', () =>
      this.mno.submitLineOrder({
        requestId: request.requestId,
        iccid: open.iccid,
        change: {
          kind: 'portIn',
          msisdn: request.msisdn,
          portIn: {
            donorOperator: request.portIn.donorOperator,
            accountNumber: secrets.accountNumber ?? '',
            pin: secrets.pin ?? '',
          },
        },
      }),
    );
    await this.committer.commit(envelope, async (db) => {
      await this.lines.recordOrder(db, open.ref, order.orderId);
      return { result: undefined };
    });
    return order;
  }

  /** The secrets; undefined once they expired, and the request then fails with that reason. */
  private async claim(
    envelope: EventEnvelope<PortInRequested>,
    open: OpenPortIn,
  ): Promise<PortInSecrets | undefined> {
    if (open.secretsRef === null) return { accountNumber: null, pin: null };
    const ref = open.secretsRef;
    try {
      return await this.committer.commit(envelope, async (db) => ({
        result: await this.secrets.claim(db, ref, secretsOwner(envelope.data)),
      }));
    } catch (error) {
      if (!(error instanceof PortInSecretsExpiredError)) throw error;
      await this.fail(envelope, open, { code: error.code, message: error.message }, undefined);
      return undefined;
    }
  }

  /**
   * The donor never answered within the wait limit: the request fails and frees the line (later
   * requests must not wait behind it for ever), the requester hears `LifecycleRequestRejected`, and
   * the record is dead-lettered to the MNO's owner, who settles the order still open at the MNO.
   * Checked before the backbone's own wait limit, which counts from the first wait, not the open.
   */
  private async giveUp(envelope: EventEnvelope<PortInRequested>, open: OpenPortIn): Promise<never> {
    const message = `the donor did not answer within ${Math.round(this.waitLimitMs / 1000)} s`;
    await this.fail(envelope, open, { code: PORT_IN_TIMED_OUT, message }, undefined);
    throw new PermanentError(PORT_IN_TIMED_OUT, `${message} (MNO order ${open.mnoOrderId})`, {
      stage: 'vendor-call',
      integrationPoint: MNO,
    });
  }

  private async announcePending(
    envelope: EventEnvelope<PortInRequested>,
    open: OpenPortIn,
    order: MnoLineOrder,
  ): Promise<void> {
    await this.committer.commit(envelope, async (db) => {
      if (!(await this.lines.markPending(db, open.ref))) return { result: undefined };
      return {
        result: undefined,
        events: [portInPending(envelope.data, order)],
        ledger: [this.outcome(envelope, 'pending', { orderId: order.orderId })],
      };
    });
  }

  private async complete(
    envelope: EventEnvelope<PortInRequested>,
    open: OpenPortIn,
    order: MnoLineOrder,
  ): Promise<void> {
    await this.committer.commit(envelope, async (db) => {
      const before = await this.lines.lock(db, open.ref.subscriberId);
      const line = await this.lines.complete(db, open.ref, { imsi: order.line?.imsi ?? undefined });
      if (!line) return { result: undefined };
      // The number is ported: its PIN and account number are of no further use.
      await this.secrets.discard(db, secretsOwner(envelope.data));
      return {
        result: undefined,
        events: [portInCompleted(envelope.data, order, before?.msisdn ?? null)],
        ledger: [this.outcome(envelope, 'completed', { orderId: order.orderId })],
      };
    });
  }

  private async fail(
    envelope: EventEnvelope<PortInRequested>,
    open: OpenPortIn,
    reason: Reason,
    order: MnoLineOrder | undefined,
  ): Promise<void> {
    await this.committer.commit(envelope, async (db) => {
      if (!(await this.lines.fail(db, open.ref, reason.code))) return { result: undefined };
      await this.secrets.discard(db, secretsOwner(envelope.data));
      const line = await this.lines.lock(db, open.ref.subscriberId);
      return {
        result: undefined,
        events: [portInRefused(envelope.data, order, reason, line)],
        ledger: [this.outcome(envelope, 'failed', { reasonCode: reason.code })],
      };
    });
  }

  /** One MNO call, in the ledger whatever its outcome (the consumer classifies a failure). */
  private async callMno(
    envelope: EventEnvelope,
    operation: string,
    call: () => Promise<MnoLineOrder>,
  ): Promise<MnoLineOrder> {
    const started = Date.now();
    const entry = (outcome: string, orderId?: string, code?: string) =>
      this.ledger.vendorCall(envelope, operation, 0, Date.now() - started, outcome, orderId, code);
    try {
      const order = await call();
      await this.committer.record([entry(order.state, order.orderId)]);
      return order;
    } catch (error) {
      const code = (error as { code?: string }).code ?? 'UNCLASSIFIED';
      await this.committer.record([
        entry(error instanceof DeferredError ? 'held' : 'failed', undefined, code),
      ]);
      throw error;
    }
  }

  private outcome(envelope: EventEnvelope, outcome: string, summary: Record<string, unknown>) {
    return this.ledger.outcome(envelope, 'portIn', outcome, summary);
  }
}

function intakeOf(
  envelope: EventEnvelope<PortInRequested>,
): LineRequestIntake & { kind: 'portIn' } {
  const request = envelope.data;
  return {
    requestId: request.requestId,
    subscriberId: request.subscriberId,
    kind: 'portIn',
    eventId: envelope.id,
    correlationId: envelope.correlationId,
    requestedAt: request.requestedAt,
  };
}

/**
 * The secret store keeps one set of secrets per owner id; a port-in request's is its subscriber and
 * request id (request ids are unique per subscriber only), apart from any activation's id.
 */
function secretsOwner(request: PortInRequested): string {
  return `port-in:${request.subscriberId}:${request.requestId}`;
}
