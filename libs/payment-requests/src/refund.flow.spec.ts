import { SagaLedger, VendorCallRecorder, type SagaCommitter } from '@handoff/activation-saga';
import { EventTypes, type PaymentRefundRequested } from '@handoff/contracts';
import type { EventEnvelope, NewEvent } from '@handoff/messaging';
import { FakePaymentProcessor } from '@handoff/payments/testing';
import { FakeTaxEngine } from '@handoff/tax-engine/testing';
import type { PaymentRecord } from './payment-record';
import type { PaymentRepository } from './payment.repository';
import { RefundFlow } from './refund.flow';
import type { RefundChanges, RefundRecord, RefundRepository } from './refund.repository';

const NOW = Date.UTC(2026, 11, 3, 9);

/** A captured top-up of 2000 + 10 % tax (the fake engine's rate) at the fake processor. */
async function capturedPayment(tax: FakeTaxEngine, processor: FakePaymentProcessor) {
  const document = await tax.quote({
    documentCode: 'PAY-pay-1',
    transactionDate: '2026-12-03',
    currency: 'USD',
    location: { jurisdictionCode: 'US-CA-94105' },
    charges: [{ ref: '1:TOP_UP', type: 'topUp', amountMinor: 2_000 }],
  });
  await tax.commit('PAY-pay-1');
  const total = { amountMinor: 2_000 + document.taxTotalMinor, currency: 'USD' };
  const intent = await processor.authorize({
    idempotencyKey: 'k',
    amount: total,
    customerId: 'sub-1',
    paymentMethodToken: 'pm_card_visa',
  });
  await processor.capture(intent.intentId, { idempotencyKey: 'k:capture' });
  return {
    paymentId: 'pay-1',
    subscriberId: 'sub-1',
    purpose: 'topUp',
    step: 'captured',
    chargeMinor: 2_000,
    currency: 'USD',
    taxDocumentCode: 'PAY-pay-1',
    taxTotalMinor: document.taxTotalMinor,
    paymentIntentId: intent.intentId,
    refundedChargeMinor: 0,
  } as PaymentRecord;
}

/** The refund flow over port fakes, the payment's and the refunds' rows in memory. */
async function harness() {
  const tax = new FakeTaxEngine();
  const processor = new FakePaymentProcessor();
  let payment = await capturedPayment(tax, processor);
  const refunds = new Map<string, RefundRecord>();
  const events: NewEvent[] = [];
  const payments = {
    find: async () => ({ ...payment }),
    reserveRefund: async (_db: unknown, _id: string, charge: number) => {
      payment = { ...payment, refundedChargeMinor: payment.refundedChargeMinor + charge };
    },
  } as unknown as PaymentRepository;
  const refundRows = {
    loadOrCreate: async (_db: unknown, r: PaymentRefundRequested) => {
      const created = !refunds.has(r.refundRequestId);
      if (created) {
        refunds.set(r.refundRequestId, {
          ...r,
          step: 'taxReversal',
          chargeMinor: null,
          taxMinor: null,
          taxLines: null,
          reasonCode: r.reason.code,
          reasonMessage: r.reason.message,
          refundId: null,
          refundedMinor: null,
        });
      }
      return { refund: { ...refunds.get(r.refundRequestId)! }, created };
    },
    refundedBefore: async (_db: unknown, _p: string, id: string) =>
      [...refunds.values()]
        .filter((r) => r.refundRequestId !== id)
        .reduce((sum, r) => sum + (r.refundedMinor ?? 0), 0),
    update: async (_db: unknown, id: string, changes: RefundChanges) => {
      refunds.set(id, { ...refunds.get(id)!, ...changes });
    },
  } as unknown as RefundRepository;
  const committer = {
    commit: async (
      _cause: unknown,
      work: (db: unknown) => Promise<{ result: unknown; events?: NewEvent[] }>,
    ) => {
      const outcome = await work({});
      events.push(...(outcome.events ?? []));
      return outcome.result;
    },
    record: async () => undefined,
  } as unknown as SagaCommitter;
  const ledger = new SagaLedger('handoff/test', (point) => `team-of-${point}`);
  const flow = new RefundFlow({
    payments,
    refunds: refundRows,
    committer,
    ledger,
    calls: new VendorCallRecorder(committer, ledger),
    tax,
    processor,
    clock: () => NOW,
  });
  const refund = (refundRequestId: string, amountMinor: number | null) => {
    const data: PaymentRefundRequested = {
      subjectId: 'sub-1',
      refundRequestId,
      paymentId: 'pay-1',
      subscriberId: 'sub-1',
      amount: amountMinor === null ? null : { amountMinor, currency: 'USD' },
      idempotencyKey: `key-${refundRequestId}`,
      reason: { code: 'CARE.GOODWILL', message: 'goodwill' },
      requestedAt: NOW,
    };
    const envelope = { id: `evt-${refundRequestId}`, subject: 'sub-1', data };
    return flow.onRefundRequested(envelope as unknown as EventEnvelope<PaymentRefundRequested>, {
      attempt: 1,
    });
  };
  const ofType = (type: string) => events.filter((e) => e.type === type).map((e) => e.data);
  return { refund, ofType, processor, tax, total: () => 2_000 + payment.taxTotalMinor! };
}

describe('RefundFlow', () => {
  it('refunds the charge plus its reversed tax under the request key, and the same request again refunds nothing more', async () => {
    const h = await harness();
    await h.refund('r-1', 1_000);
    await h.refund('r-1', 1_000);

    const refunds = h.processor.effects.filter((e) => e.kind === 'refund');
    expect(refunds.map((e) => e.amount.amountMinor)).toEqual([1_100]);
    expect(h.tax.effects.map((e) => e.effect)).toEqual(['committed', 'adjusted']);
    expect(h.ofType(EventTypes.PaymentRefunded)).toEqual([
      expect.objectContaining({
        amount: { amountMinor: 1_100, currency: 'USD' },
        taxAmount: { amountMinor: 100, currency: 'USD' },
        state: 'partiallyRefunded',
        idempotencyKey: 'key-r-1',
        taxLines: [expect.objectContaining({ taxAmount: { amountMinor: -100, currency: 'USD' } })],
      }),
    ]);
  });

  it('refunds all that is left when the request names no amount, never more than was captured', async () => {
    const h = await harness();
    await h.refund('r-1', 1_000);
    await h.refund('r-2', null);

    const refunded = h.processor.effects.filter((e) => e.kind === 'refund');
    expect(refunded.reduce((sum, e) => sum + e.amount.amountMinor, 0)).toBe(h.total());
    expect(h.ofType(EventTypes.PaymentRefunded)[1]).toMatchObject({ state: 'refunded' });
  });

  it('rejects a request for more than is left, calling no vendor', async () => {
    const h = await harness();
    await h.refund('r-1', 2_001);

    expect(h.ofType(EventTypes.PaymentRefundRejected)).toEqual([
      expect.objectContaining({
        reason: expect.objectContaining({ code: 'REFUND.EXCEEDS_REFUNDABLE' }),
      }),
    ]);
    expect(h.processor.effects.map((e) => e.kind)).toEqual(['authorization', 'capture']);
    expect(h.tax.effects.map((e) => e.effect)).toEqual(['committed']);
  });
});
