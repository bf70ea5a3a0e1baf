import { EventTypes, type ActivationRequested } from '@handoff/contracts';
import type { EventEnvelope, NewEvent } from '@handoff/messaging';
import {
  PaymentDeclinedError,
  paymentPermanent,
  paymentRetryable,
  PaymentErrorCode,
} from '@handoff/payments';
import { FakePaymentProcessor } from '@handoff/payments/testing';
import type { PortInSecretStore } from '@handoff/port-in-secrets';
import { FakeTaxEngine } from '@handoff/tax-engine/testing';
import type {
  ActivationChanges,
  ActivationRecord,
  ActivationRepository,
} from './activation.repository';
import { AuthorizationRenewal } from './authorization-renewal';
import { ChargeSteps } from './charge.steps';
import { MoneyCompensation } from './money-compensation';
import type { SagaCommitter, StepOutcome } from './saga-commit';
import { SagaLedger } from './saga-ledger';
import { SettlementStep } from './settlement.step';
import { UnpaidLine } from './unpaid-line';
import { VendorCallRecorder } from './vendor-call.recorder';

const request = {
  subjectId: 'sub-1',
  activationId: 'act-1',
  subscriberId: 'sub-1',
  iccid: '8910042348144559361',
  planCode: 'UNL-5G-30',
  dealerId: null,
  portIn: null,
  charges: [
    {
      chargeCode: 'ACTIVATION_FEE',
      description: 'fee',
      amount: { amountMinor: 2_500, currency: 'USD' },
    },
    {
      chargeCode: 'PLAN_MONTHLY',
      description: 'plan',
      amount: { amountMinor: 4_000, currency: 'USD' },
    },
  ],
  paymentMethodToken: 'pm_card_visa',
  requestedAt: Date.UTC(2026, 11, 2),
} as unknown as ActivationRequested;
const envelope = { id: 'e-1', correlationId: 'c-1', subject: 'sub-1', data: request };

/**
 * The money steps over port fakes, the rows and commits in memory; 2 retry tiers. A hold lasts
 * `authorizationTtlMs` and is renewed within `renewMarginMs` of lapsing (by default never).
 */
function harness(
  token = 'pm_card_visa',
  { authorizationTtlMs = 60_000, renewMarginMs = 1_000 } = {},
) {
  const changes: ActivationChanges[] = [];
  const events: NewEvent[] = [];
  const repository = {
    update: async (_db: unknown, _id: string, c: ActivationChanges) => void changes.push(c),
  } as unknown as ActivationRepository;
  const committer = {
    commit: async (
      _c: unknown,
      work: (db: unknown) => Promise<{ result: unknown } & StepOutcome>,
    ) => {
      const outcome = await work({});
      events.push(...(outcome.events ?? []));
      return outcome.result;
    },
    record: async () => undefined,
  } as unknown as SagaCommitter;
  const secrets = { discard: async () => undefined } as unknown as PortInSecretStore;
  const tax = new FakeTaxEngine();
  const payments = new FakePaymentProcessor({ authorizationTtlMs });
  const ledger = new SagaLedger('handoff/test', (point) => `team-of-${point}`);
  const calls = new VendorCallRecorder(committer, ledger);
  const compensation = new MoneyCompensation(repository, committer, tax, payments, calls);
  const charges = new ChargeSteps(
    repository,
    committer,
    tax,
    payments,
    ledger,
    calls,
    compensation,
    secrets,
  );
  const unpaid = new UnpaidLine(repository, committer, ledger, 2);
  const renewal = new AuthorizationRenewal(
    repository,
    committer,
    payments,
    ledger,
    calls,
    compensation,
    renewMarginMs,
  );
  const checkpoints: string[] = [];
  const settlement = new SettlementStep(
    repository,
    committer,
    tax,
    payments,
    ledger,
    calls,
    unpaid,
    renewal,
    (point) => void checkpoints.push(`${point}:${changes.length}`),
  );
  const activation: ActivationRecord = {
    activationId: 'act-1',
    correlationId: 'c-1',
    state: 'inProgress',
    step: 'taxQuote',
    iccid: request.iccid,
    planCode: request.planCode,
    dealerId: null,
    mnoOrderId: null,
    subscriberId: 'sub-1',
    imsi: '310150123456789',
    msisdn: '14155550123',
    reasonCode: null,
    money: {
      taxJurisdictionCode: 'US-CA-94105',
      taxDocumentCode: null,
      taxTotalMinor: null,
      amountMinor: null,
      currency: null,
      paymentIntentId: null,
      paymentStatus: null,
      authorizationExpiresAt: null,
      authorizationRound: null,
    },
    request: { ...request, paymentMethodToken: token },
  };
  const e = envelope as EventEnvelope<ActivationRequested>;
  /** Quote and authorize, then as the row stands after provisioning. */
  const provisioned = async () => {
    const quoted = (await charges.quote(e, activation, 1))!;
    const authorized = (await charges.authorize(e, quoted, 1))!;
    return { ...authorized, step: 'paymentCapture' as const };
  };
  return {
    charges,
    settlement,
    renewal,
    tax,
    payments,
    changes,
    events,
    checkpoints,
    activation,
    provisioned,
    e,
  };
}

describe('the money steps of the activation saga', () => {
  it('authorizes the charges plus the tax the quote found, in minor units', async () => {
    const { payments, tax, provisioned } = harness();
    const a = await provisioned();
    const document = tax.documents.get('ACT-act-1')!;
    expect(a.money.amountMinor).toBe(6_500 + document.taxTotalMinor);
    expect(payments.effects).toEqual([
      {
        kind: 'authorization',
        intentId: a.money.paymentIntentId,
        amount: { amountMinor: a.money.amountMinor, currency: 'USD' },
      },
    ]);
  });

  it('captures once and commits once when a capture answer was lost and the step runs again', async () => {
    const { settlement, payments, tax, events, provisioned, e } = harness();
    const a = await provisioned();
    payments.failNext(1, paymentRetryable(PaymentErrorCode.timeout, 'lost'), {
      operations: ['capture'],
      applied: true,
    });
    await expect(settlement.run(e, a, 1)).rejects.toThrow('lost');
    await settlement.run(e, a, 2);

    expect(payments.effects.map((x) => x.kind)).toEqual(['authorization', 'capture']);
    expect(tax.effects).toEqual([{ effect: 'committed', documentCode: 'ACT-act-1' }]);
    const activated = events.find((x) => x.type === EventTypes.SubscriberActivated)!;
    expect(activated.data).toMatchObject({
      paymentIntentId: a.money.paymentIntentId,
      taxTransactionId: 'ACT-act-1',
      amounts: {
        chargesMinor: 6_500,
        taxMinor: tax.documents.get('ACT-act-1')!.taxTotalMinor,
        totalMinor: a.money.amountMinor,
        currency: 'USD',
      },
    });
  });

  it('announces each money step once, on the topic and owner of its vendor, to the cent', async () => {
    const { settlement, tax, events, provisioned, e } = harness();
    const a = await provisioned();
    await settlement.run(e, a, 1);
    const money = events.filter((x) => x.integrationPoint !== undefined);
    expect(money.map((x) => [x.type, x.subject, x.integrationPoint])).toEqual([
      [EventTypes.TaxQuoted, 'sub-1', 'handoff-to-tax-engine'],
      [EventTypes.PaymentAuthorized, 'sub-1', 'handoff-to-payment-processor'],
      [EventTypes.PaymentCaptured, 'sub-1', 'handoff-to-payment-processor'],
      [EventTypes.TaxCommitted, 'sub-1', 'handoff-to-tax-engine'],
    ]);
    const document = tax.documents.get('ACT-act-1')!;
    const total = { amountMinor: a.money.amountMinor, currency: 'USD' };
    const taxTotal = { amountMinor: document.taxTotalMinor, currency: 'USD' };
    const [quoted, authorized, captured, committed] = money.map((x) => x.data);
    expect(quoted).toMatchObject({
      taxQuoteId: 'ACT-act-1',
      orderId: 'act-1',
      taxableAmount: { amountMinor: 6_500, currency: 'USD' },
      totalTax: taxTotal,
    });
    const lines = (
      quoted as { lines: { chargeCode: string; taxAmount: { amountMinor: number } }[] }
    ).lines;
    expect(lines.reduce((sum, l) => sum + l.taxAmount.amountMinor, 0)).toBe(document.taxTotalMinor);
    expect(new Set(lines.map((l) => l.chargeCode))).toEqual(
      new Set(['ACTIVATION_FEE', 'PLAN_MONTHLY']),
    );
    const payment = { paymentId: 'act-1', paymentIntentId: a.money.paymentIntentId };
    expect(authorized).toMatchObject({
      ...payment,
      idempotencyKey: 'handoff:act-1:authorize:1',
      amount: total,
      taxAmount: taxTotal,
      taxQuoteId: 'ACT-act-1',
    });
    expect(captured).toMatchObject({
      ...payment,
      idempotencyKey: 'handoff:act-1:capture:1',
      amount: total,
    });
    expect(committed).toMatchObject({
      taxTransactionId: 'ACT-act-1',
      paymentIntentId: a.money.paymentIntentId,
      totalTax: taxTotal,
    });
  });

  it('flags the line unpaid and tells the BSS once when the capture fails permanently', async () => {
    const { settlement, payments, changes, events, provisioned, e } = harness();
    const a = await provisioned();
    const before = events.length;
    payments.failNext(1, paymentPermanent(PaymentErrorCode.authorizationExpired, 'lapsed'), {
      operations: ['capture'],
    });
    await expect(settlement.run(e, a, 1)).rejects.toThrow('lapsed');
    expect(changes.at(-1)).toMatchObject({
      reasonCode: PaymentErrorCode.authorizationExpired,
      ownerTeam: 'team-of-handoff-to-payment-processor',
      money: { paymentStatus: 'unpaid' },
    });
    expect(events.slice(before).map((x) => x.type)).toEqual([EventTypes.ActivationCaptureFailed]);
  });

  it('keeps a retryable capture failure in the retry path until the last tier', async () => {
    const { settlement, payments, events, provisioned, e } = harness();
    const a = await provisioned();
    const before = events.length;
    payments.failNext(2, paymentRetryable(PaymentErrorCode.unavailable, '503'), {
      operations: ['capture'],
    });
    await expect(settlement.run(e, a, 1)).rejects.toThrow('503');
    expect(events.slice(before)).toEqual([]);
    await expect(settlement.run(e, a, 3)).rejects.toThrow('503');
    expect(events.slice(before).map((x) => x.type)).toEqual([EventTypes.ActivationCaptureFailed]);
  });

  it('rejects a declined card with its category and voids the quote, authorizing nothing', async () => {
    const { charges, tax, payments, events, activation, e } = harness(
      'pm_card_chargeDeclinedInsufficientFunds',
    );
    const quoted = (await charges.quote(e, activation, 1))!;
    expect(await charges.authorize(e, quoted, 1)).toBeUndefined();

    expect(events.map((x) => x.type)).toEqual([
      EventTypes.TaxQuoted,
      EventTypes.PaymentDeclined,
      EventTypes.TaxVoided,
      EventTypes.ActivationRejected,
    ]);
    expect(events.at(-1)!.data).toMatchObject({
      step: 'paymentAuthorization',
      reason: expect.objectContaining({ code: 'PAYMENT_DECLINED' }),
      declineCategory: 'soft',
    });
    expect(events[1]).toMatchObject({
      integrationPoint: 'handoff-to-payment-processor',
      data: {
        paymentId: 'act-1',
        retryable: true,
        amount: { amountMinor: quoted.money.amountMinor },
      },
    });
    expect(events[2]).toMatchObject({
      integrationPoint: 'handoff-to-tax-engine',
      data: {
        taxQuoteId: 'ACT-act-1',
        taxTransactionId: null,
        totalTax: { amountMinor: quoted.money.taxTotalMinor, currency: 'USD' },
        reason: { code: 'ACTIVATION.COMPENSATED' },
      },
    });
    expect(tax.documents.get('ACT-act-1')!.state).toBe('voided');
    expect(payments.effects.filter((x) => x.kind !== 'authorization')).toEqual([]);
  });

  it('reaches each checkpoint after the vendor acted and before the saga committed it', async () => {
    const { settlement, checkpoints, changes, provisioned, e } = harness();
    const a = await provisioned();
    const before = changes.length;
    await settlement.run(e, a, 1);
    expect(checkpoints).toEqual([`paymentCaptured:${before}`, `taxCommitted:${before + 1}`]);
    expect(changes[before]).toMatchObject({ step: 'taxCommit' });
    expect(changes[before + 1]).toMatchObject({ state: 'completed' });
  });
});

describe('renewing an authorization about to lapse before the capture', () => {
  const lapsingSoon = { authorizationTtlMs: 1_000, renewMarginMs: 5_000 };
  const declineNextAuthorization = (payments: FakePaymentProcessor) =>
    payments.failNext(1, new PaymentDeclinedError('soft', 'insufficient_funds', undefined), {
      operations: ['authorize'],
    });
  const moves = (payments: FakePaymentProcessor) =>
    payments.effects.map((x) => `${x.kind}:${x.intentId}`);

  it("captures the renewed hold under its round's key and voids the old one", async () => {
    const { settlement, payments, changes, provisioned, e } = harness('pm_card_visa', lapsingSoon);
    const a = await provisioned();
    await settlement.run(e, a, 1);
    expect(moves(payments)).toEqual([
      'authorization:fake-pi-1',
      'authorization:fake-pi-2',
      'void:fake-pi-1',
      'capture:fake-pi-2',
    ]);
    expect(payments.calls.map((c) => c.id)).toEqual(
      expect.arrayContaining([
        'handoff:act-1:authorize:2',
        'handoff:act-1:void:1',
        'handoff:act-1:capture:2',
      ]),
    );
    expect(changes).toContainEqual({
      money: {
        paymentIntentId: 'fake-pi-2',
        authorizationExpiresAt: expect.anything(),
        authorizationRound: 2,
      },
    });
  });

  it('holds once when a renewal whose commit was lost runs again', async () => {
    const { renewal, payments, provisioned, e } = harness('pm_card_visa', lapsingSoon);
    const a = await provisioned();
    const first = await renewal.renewIfDue(e, a, 1);
    const again = await renewal.renewIfDue(e, a, 2);
    expect(again.activation.money.paymentIntentId).toBe(first.activation.money.paymentIntentId);
    expect(moves(payments)).toEqual([
      'authorization:fake-pi-1',
      'authorization:fake-pi-2',
      'void:fake-pi-1',
    ]);
  });

  it('captures the hold it has when the renewal is declined and the hold has not lapsed', async () => {
    const { settlement, payments, provisioned, e } = harness('pm_card_visa', lapsingSoon);
    const a = await provisioned();
    declineNextAuthorization(payments);
    await settlement.run(e, a, 1);
    expect(moves(payments)).toEqual(['authorization:fake-pi-1', 'capture:fake-pi-1']);
  });

  it('flags the line unpaid without a capture call when the hold lapsed and its renewal was declined', async () => {
    const { settlement, payments, changes, events, provisioned, e } = harness(
      'pm_card_visa',
      lapsingSoon,
    );
    const a = await provisioned();
    const before = events.length;
    payments.expire(a.money.paymentIntentId!);
    declineNextAuthorization(payments);
    await expect(settlement.run(e, a, 1)).rejects.toMatchObject({
      code: PaymentErrorCode.authorizationExpired,
    });
    expect(payments.calls.map((c) => c.operation)).not.toContain('capture');
    expect(changes.at(-1)).toMatchObject({ money: { paymentStatus: 'unpaid' } });
    expect(events.slice(before).map((x) => x.type)).toEqual([EventTypes.ActivationCaptureFailed]);
  });
});
