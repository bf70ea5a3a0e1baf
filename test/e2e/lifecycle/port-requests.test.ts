import { createHmac, randomUUID } from 'node:crypto';
import {
  EventTypes,
  type LifecycleRequestRejected,
  type PortInCompleted,
  type PortInRejected,
  type PortInRequested,
  type SubscriberPortedOut,
} from '@handoff/contracts';
import { DeadLetterOps } from '@handoff/dead-letters';
import type { NewEvent } from '@handoff/messaging';
import { loadOwnershipMatrix } from '@handoff/ownership';
import { bssActivation, newIccid } from '../../support/activation-requests';
import {
  activeSubscriber as activeSubscriberIn,
  lineOf as lineOfIn,
  uniqueNumber,
} from '../../support/port-lines';
import { openDeadLetterOf, sagaSuite } from '../../support/saga-stack';
import { waitFor } from '../../support/test-infra';

/** The whole retry budget is 2.9 s: a donor slower than that must not cost the port a dead letter. */
const RETRY_DELAYS_MS = [200, 400, 800, 1_500];
const RETRY_BUDGET_MS = RETRY_DELAYS_MS.reduce((sum, delay) => sum + delay, 0);

const donorNumber = () => uniqueNumber('1415');

function portInRequest(
  subscriberId: string,
  msisdn: string,
  secrets: { accountNumber: string; pin: string },
): NewEvent<PortInRequested> {
  return {
    id: randomUUID(),
    type: EventTypes.PortInRequested,
    subject: subscriberId,
    data: {
      subjectId: subscriberId,
      requestId: `req-${randomUUID()}`,
      subscriberId,
      msisdn,
      portIn: { donorOperator: 'DonorTel', ...secrets, secretsRef: null },
      requestedAt: Date.now(),
    },
  };
}

describe('port-in and port-out at the MNO (real Kafka, PostgreSQL, simulator over HTTP)', () => {
  const suite = sagaSuite(RETRY_DELAYS_MS, 1_000);

  const lineOf = (subscriberId: string) => lineOfIn(suite, subscriberId);
  const activeSubscriber = () => activeSubscriberIn(suite);

  const outcomeOf = (requestId: string, type: string) =>
    waitFor(`${type} of ${requestId}`, () =>
      suite.lifecycle
        .eventsOfType(type)
        .find((e) => (e.data as { requestId: string }).requestId === requestId),
    );

  it('announces PortInPending once while the donor has not answered, then PortInCompleted with the number on the line', async () => {
    await suite.stack.mno.setPortInDecision(800);
    const { subscriberId, msisdn: previous } = await activeSubscriber();
    const msisdn = donorNumber();
    await suite.stack.mno.addDonorAccount({ msisdn, accountNumber: 'ACC-1', pin: '2468' });
    const request = portInRequest(subscriberId, msisdn, { accountNumber: 'ACC-1', pin: '2468' });

    await suite.stack.bss.publishNow([request]);

    const completed = await outcomeOf(request.data.requestId, EventTypes.PortInCompleted);
    expect(completed.subject).toBe(subscriberId);
    expect(completed.data as PortInCompleted).toMatchObject({
      msisdn,
      previousMsisdn: previous,
      donorOperator: 'DonorTel',
    });
    const types = suite.lifecycle
      .eventsKeyed(subscriberId)
      .filter((e) => (e.data as { requestId?: string }).requestId === request.data.requestId)
      .map((e) => e.type);
    expect(types).toEqual([
      EventTypes.PortInRequested,
      EventTypes.PortInPending,
      EventTypes.PortInCompleted,
    ]);
    expect(await lineOf(subscriberId)).toEqual({ state: 'active', msisdn, open_request_id: null });
    const secrets = await suite.stack.db.query<unknown[]>(
      'SELECT 1 FROM port_in_secrets WHERE activation_id = $1',
      [`port-in:${subscriberId}:${request.data.requestId}`],
    );
    expect(secrets).toEqual([]);
  });

  it('places one port-in order for a request sent twice under new event ids, even when the MNO times out after taking it', async () => {
    await suite.stack.mno.setPortInDecision(100);
    const { subscriberId } = await activeSubscriber();
    const msisdn = donorNumber();
    const request = portInRequest(subscriberId, msisdn, { accountNumber: 'ACC-5', pin: '5555' });
    await suite.stack.mno.setFaults({ endpoint: 'createOrder', processThenTimeout: true });

    const copy = { ...request, id: randomUUID() };
    await suite.stack.bss.publishNow([request, copy]);

    await outcomeOf(request.data.requestId, EventTypes.PortInCompleted);
    // Keyed alike, so the copy is handled after the original: wait until it was consumed.
    await waitFor('the copy consumed', async () => {
      const rows = await suite.stack.db.query<unknown[]>(
        'SELECT 1 FROM inbox WHERE consumer_group = $1 AND event_id = $2',
        [suite.stack.groupId, copy.id],
      );
      return rows.length === 0 ? undefined : rows;
    });
    expect(await suite.stack.mno.ordersFor(request.data.requestId)).toHaveLength(1);
    const completions = suite.lifecycle
      .eventsOfType(EventTypes.PortInCompleted)
      .filter((e) => (e.data as PortInCompleted).requestId === request.data.requestId);
    expect(completions).toHaveLength(1);
    expect((await lineOf(subscriberId)).msisdn).toBe(msisdn);
  });

  it('answers a wrong PIN with PortInRejected the dealer can act on, and the line keeps its number', async () => {
    await suite.stack.mno.setPortInDecision(100);
    const { subscriberId, msisdn: previous } = await activeSubscriber();
    const msisdn = donorNumber();
    await suite.stack.mno.addDonorAccount({ msisdn, accountNumber: 'ACC-2', pin: '1357' });
    const request = portInRequest(subscriberId, msisdn, { accountNumber: 'ACC-2', pin: '0000' });

    await suite.stack.bss.publishNow([request]);

    const rejected = await outcomeOf(request.data.requestId, EventTypes.PortInRejected);
    expect(rejected.data as PortInRejected).toMatchObject({
      subscriberId,
      msisdn,
      reason: { code: 'PORT_IN.PIN_INVALID' },
      donorReasonCode: 'PORT_IN_PIN_MISMATCH',
    });
    expect(await lineOf(subscriberId)).toEqual({
      state: 'active',
      msisdn: previous,
      open_request_id: null,
    });
  });

  it('completes a port-in whose donor answers after the whole retry budget, without a dead letter', async () => {
    const donorDelayMs = RETRY_BUDGET_MS + 2_000;
    await suite.stack.mno.setPortInDecision(donorDelayMs);
    const { subscriberId } = await activeSubscriber();
    const msisdn = donorNumber();
    const request = portInRequest(subscriberId, msisdn, { accountNumber: 'ACC-3', pin: '1111' });
    const sent = Date.now();

    await suite.stack.bss.publishNow([request]);

    const completed = await waitFor(
      'the slow port-in completed',
      () =>
        suite.lifecycle
          .eventsOfType(EventTypes.PortInCompleted)
          .find((e) => (e.data as PortInCompleted).requestId === request.data.requestId),
      donorDelayMs + 15_000,
    );
    expect(Date.now() - sent).toBeGreaterThan(RETRY_BUDGET_MS);
    expect((completed.data as PortInCompleted).msisdn).toBe(msisdn);
    const ops = new DeadLetterOps({
      backbone: suite.stack.bss,
      dataSource: suite.stack.db,
      ownership: loadOwnershipMatrix(),
      groups: [{ groupId: suite.stack.groupId, retryDelaysMs: RETRY_DELAYS_MS }],
    });
    const letters = await ops.list({ group: suite.stack.groupId });
    expect(letters.items.filter((d) => d.eventId === request.id)).toEqual([]);
  });

  it('terminates the line on the MNO hub port-out notice and tells the BSS SubscriberPortedOut', async () => {
    const { subscriberId, msisdn } = await activeSubscriber();

    await suite.stack.mno.portOut(msisdn, 'RecipientTel');

    const portedOut = await waitFor(`SubscriberPortedOut of ${subscriberId}`, () =>
      suite.lifecycle
        .eventsKeyed(subscriberId)
        .find((e) => e.type === EventTypes.SubscriberPortedOut),
    );
    expect(portedOut.data as SubscriberPortedOut).toMatchObject({
      subscriberId,
      msisdn,
      recipientOperator: 'RecipientTel',
    });
    expect(await lineOf(subscriberId)).toMatchObject({
      state: 'terminated',
      open_request_id: null,
    });
  });

  it('refuses a forged hub callback with 401 and changes nothing', async () => {
    const { subscriberId, msisdn } = await activeSubscriber();
    const body = JSON.stringify({
      eventId: randomUUID(),
      eventTime: new Date().toISOString(),
      eventType: 'ServiceStateChangeEvent',
      event: {
        service: {
          id: randomUUID(),
          state: 'terminated',
          serviceCharacteristic: [
            { name: 'msisdn', value: msisdn },
            {
              name: 'portOut',
              value: { recipientOperator: 'Thief', portedAt: new Date().toISOString() },
            },
          ],
        },
      },
    });
    const forged = `sha256=${createHmac('sha256', 'not-the-subscription-secret').update(body).digest('hex')}`;
    const post = (headers: Record<string, string>) =>
      fetch(`${suite.stack.orchestratorUrl}/mno/notifications`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body,
      });

    expect((await post({ 'x-hub-signature-256': forged })).status).toBe(401);
    expect((await post({})).status).toBe(401);

    // A callback is committed before it is answered: after the 401s nothing can follow.
    expect(await lineOf(subscriberId)).toMatchObject({ state: 'active', msisdn });
    const requests = await suite.stack.db.query<unknown[]>(
      'SELECT 1 FROM line_requests WHERE subscriber_id = $1',
      [subscriberId],
    );
    expect(requests).toEqual([]);
    const notices = await suite.stack.db.query<unknown[]>(
      `SELECT 1 FROM outbox WHERE message_key = $1 AND headers->>'ce_type' = $2`,
      [subscriberId, EventTypes.PortOutNotified],
    );
    expect(notices).toEqual([]);
  });
});

describe('a port-in past its wait limit (real Kafka, PostgreSQL, simulator over HTTP)', () => {
  const PORT_IN_WAIT_LIMIT_MS = 1_500;
  const suite = sagaSuite(RETRY_DELAYS_MS, 1_000, { portInWaitLimitMs: PORT_IN_WAIT_LIMIT_MS });

  it('fails with LifecycleRequestRejected, frees the line and leaves a dead letter owned by the MNO integration point', async () => {
    await suite.stack.mno.setPortInDecision(60_000);
    const activation = bssActivation(newIccid());
    activation.data.msisdn = uniqueNumber('1628');
    const subscriberId = activation.subject;
    const request = portInRequest(subscriberId, donorNumber(), {
      accountNumber: 'ACC-4',
      pin: '4444',
    });

    await suite.stack.bss.publishNow([activation, request]);

    const rejected = await waitFor(`LifecycleRequestRejected of ${request.data.requestId}`, () =>
      suite.lifecycle
        .eventsOfType(EventTypes.LifecycleRequestRejected)
        .find((e) => (e.data as LifecycleRequestRejected).requestId === request.data.requestId),
    );
    expect(rejected.data as LifecycleRequestRejected).toMatchObject({
      requestKind: 'portIn',
      reason: { code: 'MNO.PORT_IN_TIMED_OUT' },
      lineState: 'active',
    });
    const [line] = await suite.stack.db.query<{ open_request_id: string | null }[]>(
      'SELECT open_request_id FROM subscribers WHERE subscriber_id = $1',
      [subscriberId],
    );
    expect(line.open_request_id).toBeNull();
    const ops = new DeadLetterOps({
      backbone: suite.stack.bss,
      dataSource: suite.stack.db,
      ownership: loadOwnershipMatrix(),
      groups: [{ groupId: suite.stack.groupId, retryDelaysMs: RETRY_DELAYS_MS }],
    });
    const letter = await openDeadLetterOf(ops, suite.stack.groupId, request.id!);
    expect(letter.owner).toEqual({ team: 'network-ops', integrationPoint: 'handoff-to-mno' });
    expect(letter.error).toMatchObject({ code: 'MNO.PORT_IN_TIMED_OUT' });
  });
});
