import type { ActivationRequested } from '@handoff/contracts';
import type { EventEnvelope } from '@handoff/messaging';
import {
  PAYMENT_INTEGRATION_POINT,
  PaymentDeclinedError,
  paymentIdempotencyKey,
  type PaymentIntent,
  type PaymentsPort,
} from '@handoff/payments';
import { authorizationRound } from './activation-money';
import type { ActivationRecord, ActivationRepository } from './activation.repository';
import type { MoneyCompensation } from './money-compensation';
import { paymentAuthorized } from './money-events';
import type { SagaCommitter } from './saga-commit';
import type { SagaLedger } from './saga-ledger';
import type { VendorCallRecorder } from './vendor-call.recorder';

type Envelope = EventEnvelope<ActivationRequested>;

/** One day: card authorizations last about 7 days, activations wait minutes (hours in an outage). */
export const DEFAULT_AUTHORIZATION_RENEW_MARGIN_MS = 24 * 60 * 60_000;

/** The row after a renewal that was due; `declined` when the issuer refused the new hold. */
export interface Renewal {
  activation: ActivationRecord;
  declined?: PaymentDeclinedError;
}

/**
 * Renews a payment authorization before it lapses while its activation waits (an MNO order
 * pending, or held through an MNO outage) and before the capture. Due when the row says the hold
 * lapses within the margin: the processor is asked for the intent (one captured behind a crash is
 * not renewed), a new hold is made under the next round's key (`authorize:<n+1>`, so a repeat
 * after a crash finds it instead of holding twice), the old one is voided, and the row and the
 * ledger record the new intent, its expiry and its round. A decline changes nothing here: the
 * caller decides, since what can still be undone depends on how far provisioning got.
 */
export class AuthorizationRenewal {
  constructor(
    private readonly repository: ActivationRepository,
    private readonly committer: SagaCommitter,
    private readonly payments: PaymentsPort,
    private readonly ledger: SagaLedger,
    private readonly calls: VendorCallRecorder,
    private readonly compensation: MoneyCompensation,
    private readonly marginMs = DEFAULT_AUTHORIZATION_RENEW_MARGIN_MS,
  ) {}

  async renewIfDue(envelope: Envelope, a: ActivationRecord, attempt: number): Promise<Renewal> {
    const expiresAt = a.money.authorizationExpiresAt;
    const due =
      a.money.paymentStatus === 'authorized' &&
      expiresAt !== null &&
      expiresAt.getTime() - Date.now() <= this.marginMs;
    if (!due) return { activation: a };
    const current = await this.intent(envelope, a.money.paymentIntentId!, attempt);
    if (current.status === 'captured') return { activation: a };
    const round = authorizationRound(a) + 1;
    let renewed: PaymentIntent;
    try {
      renewed = await this.authorize(envelope, a, round, attempt);
    } catch (error) {
      if (!(error instanceof PaymentDeclinedError)) throw error;
      await this.committer.record([
        this.ledger.outcome(envelope, 'paymentReauthorization', 'declined', {
          intentId: a.money.paymentIntentId,
          round,
          declineCategory: error.category,
        }),
      ]);
      return { activation: a, declined: error };
    }
    await this.compensation.releaseHold(envelope, a);
    return { activation: await this.record(envelope, a, renewed, round) };
  }

  private intent(envelope: Envelope, intentId: string, attempt: number): Promise<PaymentIntent> {
    const at = { integrationPoint: PAYMENT_INTEGRATION_POINT, operation: 'getIntent', attempt };
    return this.calls.call(
      envelope,
      at,
      () => this.payments.getIntent(intentId),
      (i) => ({ outcome: i.status, id: i.intentId }),
    );
  }

  /** The same request as the first authorization, under the round's key and description. */
  private authorize(envelope: Envelope, a: ActivationRecord, round: number, attempt: number) {
    const at = { integrationPoint: PAYMENT_INTEGRATION_POINT, operation: 'reauthorize', attempt };
    return this.calls.call(
      envelope,
      at,
      () =>
        this.payments.authorize({
          idempotencyKey: paymentIdempotencyKey(a.activationId, 'authorize', round),
          amount: { amountMinor: a.money.amountMinor!, currency: a.money.currency! },
          customerId: a.subscriberId,
          paymentMethodToken: a.request.paymentMethodToken ?? '',
          description: `activation ${a.activationId} (authorization ${round})`,
        }),
      (i) => ({ outcome: i.status, id: i.intentId }),
    );
  }

  private async record(
    envelope: Envelope,
    a: ActivationRecord,
    renewed: PaymentIntent,
    round: number,
  ): Promise<ActivationRecord> {
    const money = {
      paymentIntentId: renewed.intentId,
      authorizationExpiresAt: renewed.authorizationExpiresAt,
      authorizationRound: round,
    };
    const next = { ...a, money: { ...a.money, ...money } };
    await this.committer.commit(envelope, async (db) => {
      await this.repository.update(db, a.activationId, { money });
      const summary = {
        previousIntentId: a.money.paymentIntentId,
        intentId: renewed.intentId,
        round,
        expiresAt: renewed.authorizationExpiresAt?.toISOString() ?? null,
      };
      return {
        result: undefined,
        events: [paymentAuthorized(next, renewed)],
        ledger: [this.ledger.outcome(envelope, 'paymentReauthorization', 'ok', summary)],
      };
    });
    return next;
  }
}
