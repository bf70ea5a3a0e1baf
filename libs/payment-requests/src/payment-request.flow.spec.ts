import { SagaLedger, VendorCallRecorder, type SagaCommitter } from '@handoff/activation-saga';
import { EventTypes, type PaymentRequested } from '@handoff/contracts';
import type { AutopayAttempt, DunningLedgerPort, DunningNext } from '@handoff/dunning';
import type { EventEnvelope, NewEvent } from '@handoff/messaging';
import { PaymentDeclinedError } from '@handoff/payments';
import { FakePaymentProcessor } from '@handoff/payments/testing';
import { FakeTaxEngine } from '@handoff/tax-engine/testing';
import type { EntityManager } from 'typeorm';
import { PaymentRequestFlow } from './payment-request.flow';
import type { PaymentRecord } from './payment-record';
import type { PaymentChanges, PaymentRepository } from './payment.repository';

const NOW = Date.UTC(2026, 11, 3, 9);
const DAY = 24 * 60 * 60_000;

function requestOf(purpose: 'topUp' | 'autopayRenewal', token = 'pm_card_visa'): PaymentRequested {
  return {
    subjectId: 'sub-1',
    paymentId: `pay-${purpose}`,
    subscriberId: 'sub-1',
    orderId: null,
    purpose,
    amount: { amountMinor: 2_000, currency: 'USD' },
    paymentMethodToken: token,
    idempotencyKey: `bss-key-${purpose}`,
    serviceAddress: {
      line1: '1 Main St',
      line2: null,
      city: 'San Francisco',
      county: null,
      stateOrProvince: 'CA',
      postalCode: '94105',
      countryCode: 'US',
    },
    requestedAt: NOW,
  };
}

const envelopeOf = (request: PaymentRequested) =>
  ({
    id: `evt-${request.paymentId}`,
    correlationId: 'corr-1',
    subject: request.subscriberId,
    traceparent: '',
    data: request,
  }) as unknown as EventEnvelope<PaymentRequested>;

/**
 * Dunning as the port promises it: idempotent per (payment, attempt), retries a soft decline after
 * `retryAfterDays` until `maxRetries`, never a hard decline, settles on a capture.
 */
class InSpecDunning implements DunningLedgerPort {
  readonly recorded: AutopayAttempt[] = [];
  private readonly answers = new Map<string, DunningNext>();

  constructor(private readonly maxRetries = 2) {}

  recordAttempt(_db: EntityManager, attempt: AutopayAttempt): Promise<DunningNext> {
    const key = `${attempt.paymentId}:${attempt.attempt}`;
    if (!this.answers.has(key)) {
      this.recorded.push(attempt);
      this.answers.set(key, this.next(attempt));
    }
    return Promise.resolve(this.answers.get(key)!);
  }

  private next(attempt: AutopayAttempt): DunningNext {
    if (attempt.result === 'captured') return { kind: 'settled' };
    if (attempt.result === 'hardDecline') return { kind: 'exhausted', reason: 'HARD_DECLINE' };
    if (attempt.attempt >= this.maxRetries) {
      return { kind: 'exhausted', reason: 'SCHEDULE_EXHAUSTED' };
    }
    return { kind: 'retry', attempt: attempt.attempt + 1, at: attempt.at + DAY };
  }
}

/** The flow over port fakes, its rows and commits in memory. */
function harness(dunning = new InSpecDunning()) {
  const rows = new Map<string, PaymentRecord>();
  const events: NewEvent[] = [];
  const repository = {
    loadOrCreate: async (_db: unknown, r: PaymentRequested & { purpose: 'topUp' }, c: string) => {
      if (!rows.has(r.paymentId)) {
        rows.set(r.paymentId, {
          paymentId: r.paymentId,
          subscriberId: r.subscriberId,
          orderId: r.orderId,
          purpose: r.purpose,
          chargeMinor: r.amount.amountMinor,
          currency: r.amount.currency,
          paymentMethodToken: r.paymentMethodToken,
          idempotencyKey: r.idempotencyKey,
          correlationId: c,
          step: 'taxQuote',
          attempt: 0,
          taxDocumentCode: null,
          taxTotalMinor: null,
          taxLines: null,
          paymentIntentId: null,
          decline: null,
          dunningNext: null,
          refundedChargeMinor: 0,
        });
      }
      return { ...rows.get(r.paymentId)! };
    },
    find: async (_db: unknown, id: string) => rows.get(id) && { ...rows.get(id)! },
    update: async (_db: unknown, id: string, changes: PaymentChanges) => {
      const defined = Object.entries(changes).filter(([, v]) => v !== undefined);
      rows.set(id, { ...rows.get(id)!, ...Object.fromEntries(defined) });
    },
  } as unknown as PaymentRepository;
  const run = async (work: (db: unknown) => Promise<{ result: unknown; events?: NewEvent[] }>) => {
    const outcome = await work({});
    events.push(...(outcome.events ?? []));
    return outcome.result;
  };
  const committer = {
    commit: (_cause: unknown, work: never) => run(work),
    commitWithin: (_db: unknown, _cause: unknown, work: never) => run(work),
    record: async () => undefined,
  } as unknown as SagaCommitter;
  const ledger = new SagaLedger('handoff/test', (point) => `team-of-${point}`);
  const tax = new FakeTaxEngine();
  const payments = new FakePaymentProcessor();
  const flow = new PaymentRequestFlow({
    repository,
    committer,
    ledger,
    calls: new VendorCallRecorder(committer, ledger),
    tax,
    payments,
    dunning,
    clock: () => NOW,
  });
  const ofType = <T>(type: string) => events.filter((e) => e.type === type).map((e) => e.data as T);
  return { flow, rows, events, ofType, tax, payments, dunning };
}

const first = { attempt: 1 };
const declineOnce = (payments: FakePaymentProcessor, category: 'soft' | 'hard', code: string) =>
  payments.failNext(1, () => new PaymentDeclinedError(category, code, 'pi_declined'), {
    operations: ['authorize'],
  });

describe('PaymentRequestFlow', () => {
  it('taxes a top-up as a recharge, captures charge plus tax once and announces it with its tax lines', async () => {
    const h = harness();
    const request = requestOf('topUp');
    await h.flow.onRequested(envelopeOf(request), first);

    const document = h.tax.documents.get('PAY-pay-topUp')!;
    expect(document.state).toBe('committed');
    const total = 2_000 + document.taxTotalMinor;
    expect(h.payments.effects.map((e) => `${e.kind}:${e.amount.amountMinor}`)).toEqual([
      `authorization:${total}`,
      `capture:${total}`,
    ]);
    const [captured] = h.ofType<Record<string, unknown>>(EventTypes.PaymentCaptured);
    expect(captured).toMatchObject({
      paymentId: 'pay-topUp',
      idempotencyKey: 'bss-key-topUp',
      amount: { amountMinor: total, currency: 'USD' },
      taxAmount: { amountMinor: document.taxTotalMinor, currency: 'USD' },
      taxDocumentCode: 'PAY-pay-topUp',
      state: 'captured',
    });
    expect(captured.taxLines).toEqual([
      expect.objectContaining({ chargeCode: 'TOP_UP', taxAmount: expect.any(Object) }),
    ]);
    expect(h.events.every((e) => e.subject === 'sub-1')).toBe(true);
    // A top-up is not dunned: dunning hears nothing of it.
    expect(h.dunning.recorded).toEqual([]);
  });

  it('charges nothing more when the same request arrives again after the capture', async () => {
    const h = harness();
    const request = requestOf('topUp');
    await h.flow.onRequested(envelopeOf(request), first);
    await h.flow.onRequested({ ...envelopeOf(request), id: 'evt-again' }, first);

    expect(h.payments.effects.map((e) => e.kind)).toEqual(['authorization', 'capture']);
    expect(h.tax.effects.map((e) => e.effect)).toEqual(['committed']);
    expect(h.ofType(EventTypes.PaymentCaptured)).toHaveLength(1);
  });

  it.each([
    ['soft', 'insufficient_funds', true],
    ['hard', 'stolen_card', false],
  ] as const)(
    'voids the quote of a %s-declined top-up and announces the decline, retryable %s, never dunned',
    async (category, code, retryable) => {
      const h = harness();
      declineOnce(h.payments, category, code);
      await h.flow.onRequested(envelopeOf(requestOf('topUp')), first);

      expect(h.tax.documents.get('PAY-pay-topUp')!.state).toBe('voided');
      expect(h.ofType(EventTypes.PaymentDeclined)).toEqual([
        expect.objectContaining({
          reason: { code, message: expect.any(String) },
          retryable,
          dunningAttempt: 0,
          nextRetryAt: null,
          suspensionRequested: false,
          taxDocumentCode: 'PAY-pay-topUp',
        }),
      ]);
      expect(h.dunning.recorded).toEqual([]);
      expect(h.rows.get('pay-topUp')!.step).toBe('declined');
    },
  );

  it('taxes a renewal as a month of the plan and tells dunning of its capture', async () => {
    const h = harness();
    await h.flow.onRequested(envelopeOf(requestOf('autopayRenewal')), first);

    expect(h.ofType(EventTypes.PaymentCaptured)).toEqual([
      expect.objectContaining({
        purpose: 'autopayRenewal',
        idempotencyKey: 'bss-key-autopayRenewal',
      }),
    ]);
    expect(h.dunning.recorded).toEqual([
      expect.objectContaining({
        attempt: 0,
        result: 'captured',
        paymentMethodToken: 'pm_card_visa',
      }),
    ]);
  });

  it('keeps the quote of a soft-declined renewal and announces when dunning retries', async () => {
    const h = harness();
    declineOnce(h.payments, 'soft', 'insufficient_funds');
    await h.flow.onRequested(envelopeOf(requestOf('autopayRenewal')), first);

    expect(h.tax.documents.get('PAY-pay-autopayRenewal')!.state).toBe('quoted');
    expect(h.rows.get('pay-autopayRenewal')).toMatchObject({ step: 'dunning', attempt: 0 });
    expect(h.dunning.recorded).toEqual([
      expect.objectContaining({ attempt: 0, result: 'softDecline', at: NOW }),
    ]);
    expect(h.ofType(EventTypes.PaymentDeclined)).toEqual([
      expect.objectContaining({
        retryable: true,
        nextRetryAt: NOW + DAY,
        suspensionRequested: false,
      }),
    ]);
  });

  it('runs a due dunning attempt under a key derived from the request and the attempt, and settles on its capture', async () => {
    const h = harness();
    declineOnce(h.payments, 'soft', 'insufficient_funds');
    await h.flow.onRequested(envelopeOf(requestOf('autopayRenewal')), first);
    const due = { paymentId: 'pay-autopayRenewal', subscriberId: 'sub-1', attempt: 1, dueAt: NOW };
    await h.flow.performDueAttempt({} as EntityManager, due);

    const authorizations = h.payments.calls.filter((c) => c.operation === 'authorize');
    expect(authorizations.map((c) => c.id)).toEqual([
      'bss-key-autopayRenewal',
      'bss-key-autopayRenewal:dunning:1',
    ]);
    expect(h.payments.effects.map((e) => e.kind)).toEqual(['authorization', 'capture']);
    expect(h.tax.effects.map((e) => e.effect)).toEqual(['committed']);
    expect(h.dunning.recorded.map((a) => `${a.attempt}:${a.result}`)).toEqual([
      '0:softDecline',
      '1:captured',
    ]);
    expect(h.ofType(EventTypes.PaymentCaptured)).toEqual([
      expect.objectContaining({ idempotencyKey: 'bss-key-autopayRenewal:dunning:1' }),
    ]);
  });

  it('voids the quote and asks the BSS to suspend the subscriber when dunning runs out', async () => {
    const h = harness(new InSpecDunning(1));
    declineOnce(h.payments, 'soft', 'insufficient_funds');
    declineOnce(h.payments, 'soft', 'insufficient_funds');
    await h.flow.onRequested(envelopeOf(requestOf('autopayRenewal')), first);
    const due = { paymentId: 'pay-autopayRenewal', subscriberId: 'sub-1', attempt: 1, dueAt: NOW };
    await h.flow.performDueAttempt({} as EntityManager, due);

    expect(h.tax.documents.get('PAY-pay-autopayRenewal')!.state).toBe('voided');
    expect(h.payments.effects).toEqual([]);
    const declines = h.ofType(EventTypes.PaymentDeclined);
    expect(declines[1]).toMatchObject({
      dunningAttempt: 1,
      nextRetryAt: null,
      suspensionRequested: true,
    });
    expect(h.events.find((e) => e.type === EventTypes.SubscriberSuspensionRequested)).toEqual({
      type: EventTypes.SubscriberSuspensionRequested,
      subject: 'sub-1',
      data: {
        subjectId: 'sub-1',
        requestId: 'dunning-suspension-pay-autopayRenewal',
        subscriberId: 'sub-1',
        iccid: null,
        reasonCode: 'NON_PAYMENT',
        requestedAt: NOW,
        paymentId: 'pay-autopayRenewal',
      },
    });
  });

  it('ends a hard-declined renewal at once, as dunning says, with a suspension request', async () => {
    const h = harness();
    declineOnce(h.payments, 'hard', 'stolen_card');
    await h.flow.onRequested(envelopeOf(requestOf('autopayRenewal')), first);

    expect(h.ofType(EventTypes.PaymentDeclined)).toEqual([
      expect.objectContaining({ retryable: false, suspensionRequested: true }),
    ]);
    expect(h.ofType(EventTypes.SubscriberSuspensionRequested)).toHaveLength(1);
  });

  it('refuses a dunning attempt for a payment that is not waiting for one, so dunning rolls back', async () => {
    const h = harness();
    await h.flow.onRequested(envelopeOf(requestOf('autopayRenewal')), first);
    const due = { paymentId: 'pay-autopayRenewal', subscriberId: 'sub-1', attempt: 1, dueAt: NOW };
    await expect(h.flow.performDueAttempt({} as EntityManager, due)).rejects.toMatchObject({
      code: 'PAYMENT_REQUEST.NOT_DUNNING',
    });
    expect(h.payments.effects.map((e) => e.kind)).toEqual(['authorization', 'capture']);
  });

  it('dead-letters a request for a purpose it does not take, before any vendor call', async () => {
    const h = harness();
    const request = { ...requestOf('topUp'), purpose: 'activation' as const };
    await expect(h.flow.onRequested(envelopeOf(request), first)).rejects.toMatchObject({
      code: 'PAYMENT_REQUEST.UNSUPPORTED_PURPOSE',
      errorClass: 'permanent',
    });
    expect(h.tax.calls).toEqual([]);
  });
});
