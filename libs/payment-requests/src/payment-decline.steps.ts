import type { AutopayAttempt } from '@handoff/dunning';
import { TAX_INTEGRATION_POINT } from '@handoff/tax-engine';
import { isDunned, planAfterDecline } from './payment-decisions';
import { paymentDeclined, suspensionRequested } from './payment-events';
import { totalMinorOf, type PaymentDeclineFacts, type PaymentRecord } from './payment-record';
import type { PaymentRun, PaymentStepsDeps } from './payment-run';

/**
 * What follows a decline: dunning's answer for a renewal, recorded with the decline in one
 * transaction; the quote kept for a retry, or voided before the decline (and, when dunning ran
 * out, the suspension request) is announced.
 */
export class DeclineSteps {
  constructor(private readonly deps: PaymentStepsDeps) {}

  /**
   * A decline, committed with dunning's answer for an autopay renewal (in the same transaction):
   * a retry keeps the quote and is announced now; an end voids the quote first (`voidingTax`).
   */
  async declined(
    run: PaymentRun,
    p: PaymentRecord,
    decline: PaymentDeclineFacts,
  ): Promise<PaymentRecord> {
    const now = this.deps.clock();
    return run.commit(async (db) => {
      const next = isDunned(p.purpose, decline)
        ? await this.deps.dunning.recordAttempt(db, autopayAttempt(p, decline.category, now))
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
  async endDeclined(run: PaymentRun, p: PaymentRecord): Promise<void> {
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
}

/** A capture, or a decline by its category, as dunning counts it. */
const DUNNING_RESULTS = {
  captured: 'captured',
  soft: 'softDecline',
  hard: 'hardDecline',
} as const;

/** What dunning is told of an attempt at a renewal: its card, its amount, its answer. */
export function autopayAttempt(
  p: PaymentRecord,
  result: keyof typeof DUNNING_RESULTS,
  at: number,
): AutopayAttempt {
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
