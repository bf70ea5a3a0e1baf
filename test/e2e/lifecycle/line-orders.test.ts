import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventTypes, type SubscriberSuspensionRequested } from '@handoff/contracts';
import { Topics, type NewEvent } from '@handoff/messaging';
import {
  bssActivation,
  bssSuspension,
  bssSubscriberId,
  newIccid,
} from '../../support/activation-requests';
import { kcatProduceCloudEvent, requireKcat } from '../../support/kcat';
import {
  bssDeactivation,
  bssPlanChange,
  bssResumption,
  bssSimSwap,
  effectsOnLine,
} from '../../support/lifecycle-requests';
import { confluentAvro } from '../../support/outside-avro';
import { sagaSuite } from '../../support/saga-stack';
import { waitFor } from '../../support/test-infra';

const RETRY_DELAYS_MS = [200, 400, 800, 1_500];
const BREAKER_RESET_MS = 1_000;

type Answer = { requestId: string; subscriberId: string };

/** Handoff's answers to lifecycle requests (the requests share the topic and the key). */
const isAnswer = (e: { type: string; data: unknown }) =>
  !e.type.endsWith('Requested') && (e.data as Partial<Answer>).requestId !== undefined;

/** The same request in a new event, as a BSS that lost its acknowledgement sends it again. */
const resent = <T>(event: NewEvent<T>): NewEvent<T> => ({ ...event, id: randomUUID() });

describe('lifecycle requests placed as MNO orders (real Kafka, PostgreSQL, simulators over HTTP)', () => {
  const suite = sagaSuite(RETRY_DELAYS_MS, BREAKER_RESET_MS);
  let scratch: string;

  beforeAll(async () => {
    await requireKcat();
    scratch = mkdtempSync(join(tmpdir(), 'handoff-line-orders-'));
  });
  afterAll(() => scratch && rmSync(scratch, { recursive: true, force: true }));

  /** The outcome of one request, once it is on the lifecycle topic (keyed by its subscriber). */
  const answerTo = (
    request: { subject: string; data: { requestId: string } },
    timeoutMs?: number,
  ) =>
    waitFor(
      `the answer to ${request.data.requestId}`,
      () =>
        suite.lifecycle
          .eventsKeyed(request.subject)
          .find((e) => isAnswer(e) && (e.data as Answer).requestId === request.data.requestId),
      timeoutMs,
    );

  /** The answers the subscriber got to its lifecycle requests, in the order they were announced. */
  const answersOf = (subscriberId: string) =>
    suite.lifecycle
      .eventsKeyed(subscriberId)
      .filter(isAnswer)
      .map((e) => `${e.type}:${(e.data as Answer).requestId}`);

  const lineOf = async (subscriberId: string) =>
    (
      await suite.stack.db.query<Record<string, unknown>[]>(
        `SELECT state, plan_code, iccid, suspension_reason, open_request_id
           FROM subscribers WHERE subscriber_id = $1`,
        [subscriberId],
      )
    )[0];

  const effectKinds = async (activationId: string) =>
    (await effectsOnLine(suite.stack.mno, activationId)).map((e) => e.kind);

  async function activeSubscriber() {
    const activation = bssActivation(newIccid());
    await suite.stack.bss.publishNow([activation]);
    await waitFor('the line activated', () =>
      suite.lifecycle
        .eventsOfType(EventTypes.SubscriberActivated)
        .find(
          (e) => (e.data as { activationId: string }).activationId === activation.data.activationId,
        ),
    );
    return {
      subscriberId: activation.data.subscriberId!,
      iccid: activation.data.iccid,
      activationId: activation.data.activationId,
    };
  }

  it('takes a plan change, suspend, resume, SIM swap and deactivation to the MNO and answers each to the BSS', async () => {
    const { subscriberId, iccid, activationId } = await activeSubscriber();
    const swappedTo = newIccid();
    const requests = [
      bssPlanChange(subscriberId, 'BASIC-5G-15'),
      {
        ...bssSuspension(subscriberId, iccid),
        data: { ...bssSuspension(subscriberId, iccid).data, reasonCode: 'CUSTOMER_REQUEST' },
      },
      bssResumption(subscriberId),
      bssSimSwap(subscriberId, iccid, swappedTo),
      bssDeactivation(subscriberId),
    ];
    await suite.stack.bss.publishNow(requests);

    await answerTo(requests[4]);
    expect(answersOf(subscriberId)).toEqual(
      [
        EventTypes.SubscriberPlanChanged,
        EventTypes.SubscriberSuspended,
        EventTypes.SubscriberResumed,
        EventTypes.SimSwapped,
        EventTypes.SubscriberDeactivated,
      ].map((type, i) => `${type}:${requests[i].data.requestId}`),
    );
    expect(await effectKinds(activationId)).toEqual([
      'activated',
      'planChanged',
      'suspended',
      'resumed',
      'simSwapped',
      'deactivated',
    ]);
    const swapped = suite.lifecycle.eventsOfType(EventTypes.SimSwapped).at(-1)!;
    expect(swapped.data).toMatchObject({
      oldIccid: iccid,
      newIccid: swappedTo,
      imsi: expect.any(String),
    });
    expect(await lineOf(subscriberId)).toEqual({
      state: 'terminated',
      plan_code: 'BASIC-5G-15',
      iccid: swappedTo,
      suspension_reason: null,
      open_request_id: null,
    });
    const orders = await suite.stack.db.query<{ state: string; mno_order_id: string | null }[]>(
      'SELECT state, mno_order_id FROM line_requests WHERE subscriber_id = $1',
      [subscriberId],
    );
    expect(orders).toHaveLength(5);
    for (const order of orders)
      expect(order).toEqual({ state: 'completed', mno_order_id: expect.any(String) });
  });

  it('answers illegal transitions and the MNO refusing an order with LifecycleRequestRejected, and orders nothing it refused itself', async () => {
    const { subscriberId, iccid, activationId } = await activeSubscriber();
    const other = await activeSubscriber();
    const unknownToMno = newIccid();
    await suite.stack.mno.setFaults({ endpoint: 'createOrder', unknownIccids: [unknownToMno] });
    const refused: [NewEvent<Answer>, string][] = [
      [bssResumption(subscriberId), 'LIFECYCLE.LINE_NOT_SUSPENDED'],
      [bssPlanChange(subscriberId, 'UNL-5G-30'), 'LIFECYCLE.PLAN_UNCHANGED'],
      [bssPlanChange(subscriberId, 'GOLD-9G'), 'LIFECYCLE.PLAN_UNKNOWN'],
      [bssSimSwap(subscriberId, newIccid(), newIccid()), 'LIFECYCLE.ICCID_MISMATCH'],
      [bssSimSwap(subscriberId, iccid, other.iccid), 'LIFECYCLE.ICCID_BOUND_ELSEWHERE'],
      [bssSimSwap(subscriberId, iccid, unknownToMno), 'MNO.ICCID_UNKNOWN'],
    ];
    const deactivation = bssDeactivation(subscriberId);
    const afterTheEnd = bssPlanChange(subscriberId, 'BASIC-5G-15');
    await suite.stack.bss.publishNow([...refused.map(([r]) => r), deactivation, afterTheEnd]);

    const last = await answerTo(afterTheEnd);
    expect(last).toMatchObject({
      type: EventTypes.LifecycleRequestRejected,
      data: { reason: { code: 'LIFECYCLE.LINE_TERMINATED' }, lineState: 'terminated' },
    });
    for (const [request, code] of refused) {
      expect(await answerTo(request)).toMatchObject({
        type: EventTypes.LifecycleRequestRejected,
        subject: subscriberId,
        data: { reason: { code }, lineState: 'active' },
      });
    }
    expect(await effectKinds(activationId)).toEqual(['activated', 'deactivated']);
    const [swapAttempts] = await suite.stack.db.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM line_requests
        WHERE subscriber_id = $1 AND kind = 'simSwap' AND mno_order_id IS NOT NULL`,
      [subscriberId],
    );
    expect(swapAttempts.n).toBe(1);
  });

  it('changes nothing for a request id sent again under a new event id', async () => {
    const { subscriberId, iccid, activationId } = await activeSubscriber();
    const suspension = bssSuspension(subscriberId, iccid);
    const resumption = bssResumption(subscriberId);
    // Resumed in between: a suspension repeated after that must not bar the line again.
    await suite.stack.bss.publishNow([
      suspension,
      resumption,
      resent(suspension),
      resent(resumption),
    ]);
    const sentinel = bssPlanChange(subscriberId, 'DATA-ONLY-10');
    await suite.stack.bss.publishNow([sentinel]);

    await answerTo(sentinel);
    expect(answersOf(subscriberId)).toEqual([
      `${EventTypes.SubscriberSuspended}:${suspension.data.requestId}`,
      `${EventTypes.SubscriberResumed}:${resumption.data.requestId}`,
      `${EventTypes.SubscriberPlanChanged}:${sentinel.data.requestId}`,
    ]);
    expect(await effectKinds(activationId)).toEqual([
      'activated',
      'suspended',
      'resumed',
      'planChanged',
    ]);
    expect(await lineOf(subscriberId)).toMatchObject({
      state: 'active',
      plan_code: 'DATA-ONLY-10',
    });
  });

  it('applies activate, SIM swap, suspend and resume at the MNO in that order with the activation slow, while another subscriber flows', async () => {
    const { stack } = suite;
    const slow = bssActivation(newIccid());
    const subscriberId = slow.data.subscriberId!;
    await stack.mno.setCompletionDelay(4_000);
    await stack.bss.publishNow([slow]);
    await waitFor(
      'the slow activation ordered',
      async () => (await stack.mno.ordersFor(slow.data.activationId)).length > 0,
    );
    await stack.mno.setCompletionDelay(150);
    const swappedTo = newIccid();
    const behind = [
      bssSimSwap(subscriberId, slow.data.iccid, swappedTo),
      bssSuspension(subscriberId, slow.data.iccid),
      bssResumption(subscriberId),
    ];
    await stack.bss.publishNow(behind);

    const meanwhile = await activeSubscriber();
    const theirs = bssSuspension(meanwhile.subscriberId, meanwhile.iccid);
    await stack.bss.publishNow([theirs]);
    await answerTo(theirs);
    expect(suite.lifecycle.eventsKeyed(subscriberId).map((e) => e.type)).not.toContain(
      EventTypes.SubscriberActivated,
    );

    await answerTo(behind[2], 30_000);
    expect(answersOf(subscriberId)).toEqual(
      [EventTypes.SimSwapped, EventTypes.SubscriberSuspended, EventTypes.SubscriberResumed].map(
        (type, i) => `${type}:${behind[i].data.requestId}`,
      ),
    );
    const effects = await effectsOnLine(stack.mno, slow.data.activationId);
    expect(effects.map((e) => e.kind)).toEqual(['activated', 'simSwapped', 'suspended', 'resumed']);
    expect(await lineOf(subscriberId)).toMatchObject({ state: 'active', iccid: swappedTo });
  });

  it('holds a dunning suspension published with kcat while the MNO is down, and applies it and the resume behind it in order after recovery', async () => {
    const { stack } = suite;
    const { subscriberId, activationId } = await activeSubscriber();
    const total = (counts: Record<string, number>) =>
      Object.values(counts).reduce((sum, n) => sum + n, 0);
    await stack.mno.setFaults({ endpoint: '*', outage: true });
    // As the payments service asks after dunning: reason NON_PAYMENT, no ICCID, the payment named.
    const dunning: SubscriberSuspensionRequested = {
      subjectId: subscriberId,
      requestId: `dunning-${randomUUID()}`,
      subscriberId,
      iccid: null,
      reasonCode: 'NON_PAYMENT',
      requestedAt: Date.now(),
      paymentId: `pay-${randomUUID()}`,
    };
    await kcatProduceCloudEvent(scratch, {
      topic: Topics.SubscriberLifecycle,
      key: subscriberId,
      type: EventTypes.SubscriberSuspensionRequested,
      source: 'payments/dunning',
      value: confluentAvro(EventTypes.SubscriberSuspensionRequested, dunning),
    });
    const resumption = bssResumption(subscriberId);
    await stack.bss.publishNow([resumption]);

    // Held: the line is busy with the suspension, the resume parked behind it, and the MNO
    // refused enough calls for the breaker (volume threshold 3) to have opened.
    const callsBefore = total(await stack.mno.callCounts());
    await waitFor('the suspension held and the resume parked behind it', async () => {
      const parked = await stack.db.query<unknown[]>(
        'SELECT 1 FROM parked_events WHERE consumer_group = $1 AND subscriber_key = $2',
        [stack.groupId, subscriberId],
      );
      const line = await lineOf(subscriberId);
      const calls = total(await stack.mno.callCounts()) - callsBefore;
      return parked.length > 0 && line?.open_request_id === dunning.requestId && calls >= 3;
    });
    expect(await lineOf(subscriberId)).toMatchObject({ state: 'active' });
    expect(answersOf(subscriberId)).toEqual([]);
    await stack.mno.clearFaults();

    await answerTo(resumption, 30_000);
    expect(answersOf(subscriberId)).toEqual([
      `${EventTypes.SubscriberSuspended}:${dunning.requestId}`,
      `${EventTypes.SubscriberResumed}:${resumption.data.requestId}`,
    ]);
    const effects = await effectsOnLine(stack.mno, activationId);
    expect(effects.map((e) => e.kind)).toEqual(['activated', 'suspended', 'resumed']);
    expect(effects[1].detail).toMatchObject({ reason: 'nonPayment' });
  });

  it('answers a subscriber the BSS never activated with LINE_NOT_FOUND, not a dead letter', async () => {
    const request = bssResumption(bssSubscriberId());
    await suite.stack.bss.publishNow([request]);
    expect(await answerTo(request)).toMatchObject({
      type: EventTypes.LifecycleRequestRejected,
      data: { requestKind: 'resumption', reason: { code: 'LIFECYCLE.LINE_NOT_FOUND' } },
    });
  });
});
