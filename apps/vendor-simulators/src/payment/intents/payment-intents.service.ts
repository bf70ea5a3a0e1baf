import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from '@handoff/observability';
import { SIMULATOR_LOGGER } from '../../shared/simulator.tokens';
import { PaymentSettings } from '../admin/payment-settings';
import { Issuer } from '../cards/issuer';
import { EffectsLedger, type EffectKind } from '../ledger/effects-ledger';
import {
  amountTooLarge,
  invalidState,
  PaymentApiError,
  resourceMissing,
} from '../stripe/stripe-error';
import { newId, newPaymentIntent, unixSeconds } from './payment-intent.factory';
import type {
  CaptureIntent,
  CreateIntent,
  CreateRefund,
  ListIntentsQuery,
} from './payment-intent.schema';
import { type IntentRecord, PaymentIntentStore, snapshot } from './payment-intent.store';
import type { PaymentIntent, Refund } from './payment-intent.types';

/**
 * The processor's rules: authorize (hold), capture all or part of the hold, void an uncaptured
 * hold, refund what was captured. Authorizations lapse `authorizationTtlMs` after they were made;
 * the lapse is applied whenever the processor is asked anything, so no timer runs behind it.
 */
@Injectable()
export class PaymentIntents {
  constructor(
    @Inject(PaymentIntentStore) private readonly store: PaymentIntentStore,
    @Inject(EffectsLedger) private readonly ledger: EffectsLedger,
    @Inject(PaymentSettings) private readonly settings: PaymentSettings,
    @Inject(Issuer) private readonly issuer: Issuer,
    @Inject(SIMULATOR_LOGGER) private readonly logger: Logger,
  ) {}

  authorize(request: CreateIntent, key: string | null): PaymentIntent {
    const now = Date.now();
    const decline = this.issuer.answer(request.payment_method);
    const expiresAtMs = now + this.settings.authorizationTtlMs;
    const intent = newPaymentIntent(request, decline, now, expiresAtMs);
    const record = { intent, idempotencyKey: key, expiresAtMs: decline ? null : expiresAtMs };
    this.store.add(record);
    const ids = { paymentIntent: intent.id, amount: intent.amount, currency: intent.currency };
    if (decline) {
      this.logger.info({ ...ids, declineCode: decline.declineCode }, 'authorization declined');
      throw cardDeclined(intent);
    }
    this.effect('authorization', record, intent.amount, key);
    this.logger.info(ids, 'payment authorized');
    return snapshot(intent);
  }

  capture(id: string, request: CaptureIntent, key: string | null): PaymentIntent {
    const record = this.current(id);
    const { intent } = record;
    if (intent.status !== 'requires_capture') {
      throw invalidState(
        `This PaymentIntent could not be captured because it has a status of ${intent.status}.`,
        snapshot(intent),
      );
    }
    const amount = request.amount_to_capture ?? intent.amount_capturable;
    if (amount > intent.amount_capturable) {
      throw amountTooLarge(
        'amount_to_capture',
        `The amount to capture (${amount}) is greater than the amount capturable (${intent.amount_capturable}).`,
      );
    }
    intent.amount_capturable -= amount;
    intent.amount_received += amount;
    this.effect('capture', record, amount, key);
    if (request.final_capture !== false && intent.amount_capturable > 0) {
      this.effect('release', record, intent.amount_capturable, key);
      intent.amount_capturable = 0;
    }
    if (intent.amount_capturable === 0) this.settle(record);
    this.logger.info({ paymentIntent: id, amount }, 'payment captured');
    return snapshot(intent);
  }

  cancel(id: string, key: string | null): PaymentIntent {
    const record = this.current(id);
    const { intent } = record;
    const voidable =
      intent.status === 'requires_payment_method' ||
      (intent.status === 'requires_capture' && intent.amount_received === 0);
    if (!voidable) {
      throw invalidState(
        `You cannot cancel this PaymentIntent because it has a status of ${intent.status}` +
          (intent.amount_received > 0 ? ' and captured funds; refund them instead.' : '.'),
        snapshot(intent),
      );
    }
    if (intent.amount_capturable > 0) this.effect('void', record, intent.amount_capturable, key);
    this.close(record, 'requested_by_customer', Date.now());
    this.logger.info({ paymentIntent: id }, 'payment voided');
    return snapshot(intent);
  }

  refund(request: CreateRefund, key: string | null): Refund {
    const record = this.current(request.payment_intent);
    const { intent } = record;
    const refundable = intent.amount_received - intent.amount_refunded;
    if (refundable === 0) throw nothingToRefund(intent);
    const amount = request.amount ?? refundable;
    if (amount > refundable) {
      throw amountTooLarge(
        'amount',
        `Refund amount (${amount}) is greater than unrefunded amount on charge (${refundable}).`,
      );
    }
    intent.amount_refunded += amount;
    const refund: Refund = {
      id: newId('re'),
      object: 'refund',
      amount,
      currency: intent.currency,
      payment_intent: intent.id,
      status: 'succeeded',
      created: unixSeconds(Date.now()),
    };
    this.store.addRefund(refund);
    this.effect('refund', record, amount, key, refund.id);
    this.logger.info({ paymentIntent: intent.id, refund: refund.id, amount }, 'payment refunded');
    return refund;
  }

  get(id: string): PaymentIntent {
    return snapshot(this.current(id).intent);
  }

  list(query: ListIntentsQuery): PaymentIntent[] {
    this.expireDue();
    return this.store.find(query).map(snapshot);
  }

  /** Lifts every hold whose time is up; the ledger records the release as an `expiry`. */
  expireDue(now = Date.now()): void {
    for (const record of this.store.all()) {
      const { intent, expiresAtMs } = record;
      if (intent.status !== 'requires_capture' || expiresAtMs === null || now < expiresAtMs)
        continue;
      this.effect('expiry', record, intent.amount_capturable, null);
      intent.amount_capturable = 0;
      if (intent.amount_received > 0) this.settle(record);
      else this.close(record, 'expired', now);
      this.logger.info({ paymentIntent: intent.id }, 'authorization expired');
    }
  }

  private current(id: string): IntentRecord {
    this.expireDue();
    const record = this.store.get(id);
    if (!record) throw resourceMissing(`No such payment_intent: '${id}'`);
    return record;
  }

  private settle(record: IntentRecord): void {
    record.intent.status = 'succeeded';
    record.intent.capture_before = null;
    record.expiresAtMs = null;
  }

  private close(record: IntentRecord, reason: 'requested_by_customer' | 'expired', now: number) {
    Object.assign(record.intent, {
      status: 'canceled',
      amount_capturable: 0,
      canceled_at: unixSeconds(now),
      cancellation_reason: reason,
      capture_before: null,
    });
    record.expiresAtMs = null;
  }

  private effect(
    kind: EffectKind,
    { intent }: IntentRecord,
    amount: number,
    key: string | null,
    refund?: string,
  ): void {
    const { id, customer, currency } = intent;
    this.ledger.record({
      kind,
      payment_intent: id,
      customer,
      amount,
      currency,
      idempotency_key: key,
      ...(refund ? { refund } : {}),
    });
  }
}

function cardDeclined(intent: PaymentIntent): PaymentApiError {
  const error = intent.last_payment_error;
  return new PaymentApiError(402, {
    error: {
      type: 'card_error',
      code: 'card_declined',
      decline_code: error?.decline_code,
      advice_code: error?.advice_code,
      message: error?.message ?? 'Your card was declined.',
      payment_intent: snapshot(intent),
    },
  });
}

function nothingToRefund(intent: PaymentIntent): PaymentApiError {
  if (intent.amount_refunded > 0) {
    return new PaymentApiError(400, {
      error: {
        type: 'invalid_request_error',
        code: 'charge_already_refunded',
        message: `Charge for ${intent.id} has already been refunded.`,
      },
    });
  }
  return invalidState(
    `This PaymentIntent has no captured funds to refund (status ${intent.status}).`,
    snapshot(intent),
  );
}
