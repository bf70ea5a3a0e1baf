import type { EntityManager } from 'typeorm';
import type { SagaCommitter, SagaLedger } from '@handoff/activation-saga';
import type { PaymentRequested } from '@handoff/contracts';
import type { DueAttempt, PerformDueAttempt } from '@handoff/dunning';
import type { EventEnvelope, HandlerContext } from '@handoff/messaging';
import { assertMoney, PAYMENT_INTEGRATION_POINT } from '@handoff/payments';
import { PermanentError } from '@handoff/resilience';
import type { PaymentPurpose, PaymentRecord } from './payment-record';
import type { PaymentRepository } from './payment.repository';
import type { PaymentRun, PaymentStepsDeps } from './payment-run';
import { PaymentSteps } from './payment-steps';

export interface PaymentFlowDeps extends PaymentStepsDeps {
  committer: SagaCommitter;
}

const PURPOSES: readonly string[] = ['topUp', 'autopayRenewal'] satisfies PaymentPurpose[];

/**
 * A payment the BSS asks for (a top-up or an autopay renewal): tax quote, authorization, capture,
 * tax commit, then `PaymentCaptured`; or a decline, which dunning hears of for a renewal. The row
 * says where a payment stands, so the same request again (redelivered, sent twice, replayed from
 * its dead letter) resumes it or finds it done. Dunning's later attempts run through
 * `performDueAttempt`, in dunning's transaction.
 */
export class PaymentRequestFlow {
  private readonly repository: PaymentRepository;
  private readonly committer: SagaCommitter;
  private readonly ledger: SagaLedger;
  private readonly steps: PaymentSteps;

  /** `deps.dunning`: where declines and captures of renewals are recorded, in the same transaction. */
  constructor(deps: PaymentFlowDeps) {
    this.repository = deps.repository;
    this.committer = deps.committer;
    this.ledger = deps.ledger;
    this.steps = new PaymentSteps(deps);
  }

  async onRequested(
    envelope: EventEnvelope<PaymentRequested>,
    handling: Pick<HandlerContext, 'attempt'>,
  ): Promise<void> {
    const request = payable(envelope.data);
    const payment = await this.committer.commit(envelope, async (db) => ({
      result: await this.repository.loadOrCreate(db, request, envelope.correlationId),
      ledger: [this.ledger.consumed(envelope)],
    }));
    const run: PaymentRun = {
      cause: envelope,
      commit: (work) => this.committer.commit(envelope, work),
      attempt: handling.attempt,
    };
    await this.steps.resume(run, payment, request);
  }

  /**
   * Dunning attempt n of a declined renewal, in the transaction that holds dunning's schedule row:
   * every step commits into it, and the decline or capture is recorded with dunning in it too. If
   * anything throws, all of it rolls back and the attempt stays due; its next run sends the same
   * keys, so the processor and the tax engine act once.
   */
  readonly performDueAttempt: PerformDueAttempt = async (db, due) => {
    const stored = await this.repository.find(db, due.paymentId, true);
    if (!stored || stored.step !== 'dunning') {
      throw new PermanentError(
        'PAYMENT_REQUEST.NOT_DUNNING',
        `payment ${due.paymentId} is ${stored?.step ?? 'unknown'}, not waiting for a dunning attempt`,
        { integrationPoint: PAYMENT_INTEGRATION_POINT },
      );
    }
    const cause = dunningCause(stored, due);
    const run: PaymentRun = {
      cause,
      commit: (work) => this.committer.commitWithin(db, cause, work),
      attempt: 1,
    };
    const payment = await this.startAttempt(run, db, stored, due);
    await this.steps.resume(run, payment);
  };

  private async startAttempt(
    run: PaymentRun,
    db: EntityManager,
    p: PaymentRecord,
    due: DueAttempt,
  ): Promise<PaymentRecord> {
    const changes = {
      step: 'authorization' as const,
      attempt: due.attempt,
      decline: null,
      dunningNext: null,
    };
    await this.committer.commitWithin(db, run.cause, async (tx) => {
      await this.repository.update(tx, p.paymentId, changes);
      const summary = { attempt: due.attempt };
      return {
        result: undefined,
        ledger: [this.ledger.outcome(run.cause, 'dunningAttempt', 'started', summary)],
      };
    });
    return { ...p, ...changes };
  }
}

/**
 * A request this service takes: a top-up or a renewal, of a positive whole amount in an ISO
 * currency. Anything else is permanent (dead-lettered to the processor's owner): the BSS sent
 * what no retry can mend; an activation's payment is the saga's.
 */
function payable(request: PaymentRequested): PaymentRequested & { purpose: PaymentPurpose } {
  if (!PURPOSES.includes(request.purpose)) {
    throw new PermanentError(
      'PAYMENT_REQUEST.UNSUPPORTED_PURPOSE',
      `the payments service takes top-ups and autopay renewals, not "${request.purpose}"`,
      { integrationPoint: PAYMENT_INTEGRATION_POINT, stage: 'validate' },
    );
  }
  assertMoney(request.amount);
  return request as PaymentRequested & { purpose: PaymentPurpose };
}

/**
 * What a dunning attempt runs under, for the ledger and as the cause of its events: the payment's
 * correlation continues; the attempt has no event of its own (and no trace: a new one starts).
 */
function dunningCause(p: PaymentRecord, due: DueAttempt): EventEnvelope {
  return {
    id: `dunning:${p.paymentId}:${due.attempt}`,
    type: 'handoff.dunning.DueAttempt',
    source: 'handoff/dunning',
    time: new Date(due.dueAt).toISOString(),
    subject: p.subscriberId,
    correlationId: p.correlationId,
    causationId: p.paymentId,
    traceparent: '',
    integrationPoint: PAYMENT_INTEGRATION_POINT,
    ownerTeam: '',
    data: due,
  };
}
