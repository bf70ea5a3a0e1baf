import { EventTypes, type ActivationRequested } from '@handoff/contracts';
import type { EventEnvelope, NewEvent } from '@handoff/messaging';
import { malformedResponse } from '@handoff/mno-provisioning';
import { FakeMnoProvisioning } from '@handoff/mno-provisioning/testing';
import { PaymentDeclinedError } from '@handoff/payments';
import { FakePaymentProcessor } from '@handoff/payments/testing';
import {
  PortInSecretsExpiredError,
  type PortInSecrets,
  type PortInSecretStore,
} from '@handoff/port-in-secrets';
import { AwaitingCompletionError, DeferredError, PermanentError } from '@handoff/resilience';
import { FakeTaxEngine } from '@handoff/tax-engine/testing';
import type {
  ActivationChanges,
  ActivationRecord,
  ActivationRepository,
} from './activation.repository';
import { AuthorizationRenewal } from './authorization-renewal';
import { MoneyCompensation } from './money-compensation';
import { ProvisioningStep } from './provisioning.step';
import type { SagaCommitter, StepOutcome } from './saga-commit';
import { SagaLedger } from './saga-ledger';
import { VendorCallRecorder } from './vendor-call.recorder';
import type { SimInventory } from '@handoff/sim-inventory';

/** A BSS request that names no subscriber: keyed by its activation id, the saga assigns the id. */
const request = {
  subjectId: 'act-1',
  activationId: 'act-1',
  subscriberId: null,
  iccid: '8910042348144559361',
  msisdn: null,
  planCode: 'UNL-5G-30',
  channel: 'bss',
  dealerId: null,
  portIn: null,
} as unknown as ActivationRequested;
const envelope = {
  id: 'e-1',
  correlationId: 'c-1',
  subject: request.subjectId,
  data: request,
} as EventEnvelope<ActivationRequested>;

/** A port-in request as the saga row keeps it: the secrets behind a claim check. */
const portInRequest = {
  ...request,
  msisdn: '14155550123',
  portIn: { donorOperator: 'Acme Mobile', accountNumber: null, pin: null, secretsRef: 'pis-1' },
} as ActivationRequested;

/** The secret store in memory: `held` maps a claim check to its secrets, absent once expired. */
function secretStore(held: Map<string, PortInSecrets>) {
  const discarded: string[] = [];
  const store = {
    claim: async (_db: unknown, ref: string, activationId: string) => {
      const secrets = held.get(ref);
      if (!secrets) throw new PortInSecretsExpiredError(activationId, 3_600_000);
      return secrets;
    },
    discard: async (_db: unknown, activationId: string) => void discarded.push(activationId),
  } as unknown as PortInSecretStore;
  return { store, discarded };
}

/** Port fakes: the saga's rows and commits in memory, the MNO scripted. */
function harness(held = new Map<string, PortInSecrets>()) {
  const changes: ActivationChanges[] = [];
  const events: NewEvent[] = [];
  const repository = {
    update: async (_db: unknown, _id: string, c: ActivationChanges) => void changes.push(c),
    createSubscriber: async () => undefined,
  } as unknown as ActivationRepository;
  const committer = {
    commit: async (
      _cause: unknown,
      work: (db: unknown) => Promise<{ result: unknown } & StepOutcome>,
    ) => {
      const outcome = await work({});
      events.push(...(outcome.events ?? []));
      return outcome.result;
    },
    record: async () => undefined,
  } as unknown as SagaCommitter;
  const mno = new FakeMnoProvisioning();
  const tax = new FakeTaxEngine();
  // Holds last a second and are renewed within five of lapsing: every authorized one is due.
  const payments = new FakePaymentProcessor({ authorizationTtlMs: 1_000 });
  const secrets = secretStore(held);
  const ledger = new SagaLedger('handoff/test', (point) =>
    point === 'handoff-to-mno' ? 'network-ops' : 'intake-team',
  );
  const calls = new VendorCallRecorder(committer, ledger);
  const compensation = new MoneyCompensation(repository, committer, tax, payments, calls);
  const renewal = new AuthorizationRenewal(
    repository,
    committer,
    payments,
    ledger,
    calls,
    compensation,
    5_000,
  );
  const step = new ProvisioningStep(
    repository,
    committer,
    mno,
    ledger,
    secrets.store,
    compensation,
    renewal,
    90_000,
    // The SIM inventory is proven on PostgreSQL (test/e2e/sim-inventory): here it holds no SIM.
    { lineProvisioned: () => Promise.resolve([]) } as unknown as SimInventory,
  );
  const activation: ActivationRecord = {
    activationId: 'act-1',
    correlationId: 'c-1',
    state: 'inProgress',
    step: 'provisioning',
    iccid: request.iccid,
    planCode: request.planCode,
    dealerId: null,
    mnoOrderId: null,
    subscriberId: 'sub-1',
    imsi: null,
    msisdn: null,
    reasonCode: null,
    money: {
      taxJurisdictionCode: null,
      taxDocumentCode: null,
      taxTotalMinor: null,
      amountMinor: null,
      currency: null,
      paymentIntentId: null,
      paymentStatus: null,
      authorizationExpiresAt: null,
      authorizationRound: null,
    },
    request,
  };
  return {
    step,
    mno,
    tax,
    payments,
    changes,
    events,
    activation,
    discarded: secrets.discarded,
  };
}

describe('ProvisioningStep', () => {
  it('holds the activation without calling the MNO while its breaker is open', async () => {
    const { step, mno, changes, activation } = harness();
    mno.setBreakerOpen(true);
    await expect(step.run(envelope, activation, 1)).rejects.toBeInstanceOf(DeferredError);
    expect(changes).toEqual([{ state: 'held' }]);
    expect(mno.calls).toHaveLength(0);
  });

  it('stores the order and waits, spending no retries, up to its wait limit while the MNO works', async () => {
    const { step, changes, events, activation } = harness();
    const pending = step.run(envelope, activation, 1);
    await expect(pending).rejects.toBeInstanceOf(AwaitingCompletionError);
    await expect(pending).rejects.toMatchObject({
      code: 'MNO.ORDER_PENDING',
      waitLimitMs: 90_000,
      integrationPoint: 'handoff-to-mno',
    });
    expect(changes[0]).toMatchObject({ state: 'inProgress', mnoOrderId: expect.any(String) });
    expect(events.map((e) => e.type)).toEqual([EventTypes.ProvisioningStarted]);
  });

  it('announces the subscriber once the stored order completed, without submitting again', async () => {
    const { step, mno, events, activation } = harness();
    const order = await mno.submitOrFind({ ...request, portIn: null });
    mno.complete(order.orderId, { imsi: '310260123456789', msisdn: '14155550123' });
    await step.run(envelope, { ...activation, mnoOrderId: order.orderId }, 2);
    expect(events.map((e) => e.type)).toEqual([
      EventTypes.ProvisioningSucceeded,
      EventTypes.SubscriberActivated,
    ]);
    expect(mno.created).toHaveLength(1);
  });

  it('keys every event by the subscriber id and announces it, also when the request named none', async () => {
    const { step, mno, events, activation } = harness();
    await expect(step.run(envelope, activation, 1)).rejects.toBeInstanceOf(AwaitingCompletionError);
    const [order] = mno.created;
    mno.complete(order.orderId, { imsi: '310260123456789', msisdn: '14155550123' });
    await step.run(envelope, { ...activation, mnoOrderId: order.orderId }, 2);
    expect(events).toHaveLength(3);
    for (const event of events) {
      expect(event.subject).toBe('sub-1');
      expect(event.data).toMatchObject({ subjectId: 'sub-1', subscriberId: 'sub-1' });
    }
  });

  it('fails the activation with the MNO reason and Network Ops as owner when the order fails', async () => {
    const { step, mno, changes, events, activation } = harness();
    const order = await mno.submitOrFind({ ...request, portIn: null });
    mno.fail(order.orderId, { code: 'ICCID_UNKNOWN', message: 'unknown to the network' });
    await step.run(envelope, { ...activation, mnoOrderId: order.orderId }, 2);
    expect(changes.at(-1)).toMatchObject({
      state: 'failed',
      reasonCode: 'MNO.ICCID_UNKNOWN',
      ownerTeam: 'network-ops',
    });
    expect(events.map((e) => e.type)).toEqual([
      EventTypes.ProvisioningFailed,
      EventTypes.ActivationFailed,
    ]);
    expect(events.at(-1)).toMatchObject({ subject: 'sub-1', data: { subscriberId: 'sub-1' } });
  });

  it('dead-letters a garbled MNO answer unchanged when no money is held', async () => {
    const { step, mno, changes, activation } = harness();
    const garbled = malformedResponse('createOrder', 'not JSON');
    mno.failNext(1, garbled);
    await expect(step.run(envelope, activation, 1)).rejects.toBe(garbled);
    expect(changes).toEqual([]);
  });

  it('sends the MNO the port-in secrets claimed by the claim check, and forgets them once the line is active', async () => {
    const held = new Map([['pis-1', { accountNumber: '998877', pin: '4321' }]]);
    const { step, mno, discarded, activation } = harness(held);
    const ported = { ...activation, request: portInRequest };
    const portEnvelope = { ...envelope, data: portInRequest };
    await expect(step.run(portEnvelope, ported, 1)).rejects.toBeInstanceOf(AwaitingCompletionError);
    const [order] = mno.created;
    expect(mno.submitted('act-1')?.portIn).toEqual({
      donorOperator: 'Acme Mobile',
      accountNumber: '998877',
      pin: '4321',
    });
    expect(discarded).toEqual([]);
    mno.complete(order.orderId, { imsi: '310260123456789', msisdn: '14155550123' });
    await step.run(portEnvelope, { ...ported, mnoOrderId: order.orderId }, 2);
    expect(discarded).toEqual(['act-1']);
  });

  it('fails the activation and dead-letters with PORT_IN.SECRETS_EXPIRED when the secrets are gone, calling no MNO', async () => {
    const { step, mno, changes, events, activation } = harness(new Map());
    const ported = { ...activation, request: portInRequest };
    const run = step.run({ ...envelope, data: portInRequest }, ported, 1);
    await expect(run).rejects.toBeInstanceOf(PermanentError);
    await expect(run).rejects.toMatchObject({
      code: 'PORT_IN.SECRETS_EXPIRED',
      integrationPoint: 'bss-to-handoff',
      message: expect.stringContaining('PORT_IN_SECRET_TTL_MS'),
    });
    expect(mno.calls).toHaveLength(0);
    expect(changes).toEqual([
      expect.objectContaining({ state: 'failed', reasonCode: 'PORT_IN.SECRETS_EXPIRED' }),
    ]);
    expect(events.map((e) => e.type)).toEqual([EventTypes.ActivationFailed]);
    expect(events[0].data).toMatchObject({ ownerTeam: 'intake-team' });
  });

  describe('with a payment authorization about to lapse', () => {
    /** The activation with a hold of 10.00 USD in round 1 (due: it lapses within the margin). */
    const authorized = async (h: ReturnType<typeof harness>): Promise<ActivationRecord> => {
      const intent = await h.payments.authorize({
        idempotencyKey: 'handoff:act-1:authorize:1',
        amount: { amountMinor: 1_000, currency: 'USD' },
        customerId: 'sub-1',
        paymentMethodToken: 'pm_card_visa',
      });
      const money = {
        ...h.activation.money,
        amountMinor: 1_000,
        currency: 'USD',
        paymentIntentId: intent.intentId,
        paymentStatus: 'authorized' as const,
        authorizationExpiresAt: intent.authorizationExpiresAt,
        authorizationRound: 1,
      };
      return { ...h.activation, money };
    };
    const declineNextAuthorization = (h: ReturnType<typeof harness>) =>
      h.payments.failNext(1, new PaymentDeclinedError('soft', 'insufficient_funds', undefined), {
        operations: ['authorize'],
      });

    it("renews the hold under the next round's key and voids the old one while the order is pending", async () => {
      const h = harness();
      const a = await authorized(h);
      await expect(h.step.run(envelope, a, 1)).rejects.toBeInstanceOf(AwaitingCompletionError);
      expect(h.payments.effects.map((x) => `${x.kind}:${x.intentId}`)).toEqual([
        'authorization:fake-pi-1',
        'authorization:fake-pi-2',
        'void:fake-pi-1',
      ]);
      expect(h.payments.calls).toContainEqual({
        operation: 'authorize',
        id: 'handoff:act-1:authorize:2',
      });
      expect(h.changes[0]).toEqual({
        money: {
          paymentIntentId: 'fake-pi-2',
          authorizationExpiresAt: expect.anything(),
          authorizationRound: 2,
        },
      });
    });

    it('renews the hold of an activation held while the MNO breaker is open, calling no MNO', async () => {
      const h = harness();
      const a = await authorized(h);
      h.mno.setBreakerOpen(true);
      await expect(h.step.run(envelope, a, 1)).rejects.toBeInstanceOf(DeferredError);
      expect(h.mno.calls).toHaveLength(0);
      expect(h.payments.effects.map((x) => `${x.kind}:${x.intentId}`)).toEqual([
        'authorization:fake-pi-1',
        'authorization:fake-pi-2',
        'void:fake-pi-1',
      ]);
      expect(h.changes.map((c) => c.state ?? c.money?.authorizationRound)).toEqual([2, 'held']);
    });

    it('fails the activation with PAYMENT.REAUTHORIZATION_DECLINED and voids the hold when the renewal is declined before any order', async () => {
      const h = harness();
      const a = await authorized(h);
      declineNextAuthorization(h);
      expect(await h.step.run(envelope, a, 1)).toBeUndefined();
      expect(h.mno.calls).toHaveLength(0);
      expect(h.payments.effects.map((x) => `${x.kind}:${x.intentId}`)).toEqual([
        'authorization:fake-pi-1',
        'void:fake-pi-1',
      ]);
      expect(h.changes.at(-1)).toMatchObject({
        state: 'failed',
        reasonCode: 'PAYMENT.REAUTHORIZATION_DECLINED',
      });
      expect(h.events.map((e) => e.data)).toEqual([
        expect.objectContaining({
          step: 'paymentAuthorization',
          integrationPoint: 'handoff-to-payment-processor',
          reason: expect.objectContaining({
            message: expect.stringContaining('insufficient_funds'),
          }),
        }),
      ]);
    });

    it('keeps the hold and names it, with Network Ops, on the row and in the error when the MNO answer is garbled', async () => {
      const h = harness();
      const a = await authorized(h);
      h.mno.failNext(1, () => malformedResponse('createOrder', 'not JSON'), { applied: true });
      const run = h.step.run(envelope, a, 1);
      await expect(run).rejects.toBeInstanceOf(PermanentError);
      await expect(run).rejects.toMatchObject({
        code: 'MNO.MALFORMED_RESPONSE',
        integrationPoint: 'handoff-to-mno',
        message: expect.stringContaining('the payment hold fake-pi-2 of USD 10.00 is kept'),
      });
      expect(h.payments.effects.map((x) => `${x.kind}:${x.intentId}`)).not.toContain(
        'void:fake-pi-2',
      );
      expect(h.changes.at(-1)).toEqual({
        reasonCode: 'MNO.MALFORMED_RESPONSE',
        reasonMessage: expect.stringContaining('kept until the dead letter is replayed'),
        ownerTeam: 'network-ops',
      });
      // The renewal's new hold only: nothing voided, nothing failed.
      expect(h.events.map((e) => e.type)).toEqual([EventTypes.PaymentAuthorized]);
    });

    it('gives the row back to its intake once a replay gets an answer from the MNO', async () => {
      const h = harness();
      const a = { ...(await authorized(h)), reasonCode: 'MNO.MALFORMED_RESPONSE' };
      await expect(h.step.run(envelope, a, 1)).rejects.toBeInstanceOf(AwaitingCompletionError);
      expect(h.changes).toContainEqual({
        reasonCode: null,
        reasonMessage: null,
        ownerTeam: 'intake-team',
      });
    });

    it('keeps the hold it has and waits on when the renewal is declined with an order out', async () => {
      const h = harness();
      const order = await h.mno.submitOrFind({ ...request, portIn: null });
      const a = { ...(await authorized(h)), mnoOrderId: order.orderId };
      declineNextAuthorization(h);
      await expect(h.step.run(envelope, a, 2)).rejects.toBeInstanceOf(AwaitingCompletionError);
      expect(h.payments.effects.map((x) => x.kind)).toEqual(['authorization']);
      expect(h.events).toEqual([]);
    });
  });
});
