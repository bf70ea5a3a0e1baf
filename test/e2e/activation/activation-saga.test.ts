import { assignedSubscriberId } from '@handoff/activation-requests';
import { EventTypes } from '@handoff/contracts';
import type { Backbone } from '@handoff/messaging';
import type { DataSource } from 'typeorm';
import type { TopicTap } from '../../support/backbone-harness';
import { sagaSuite } from '../../support/saga-stack';
import type { MnoSimulatorAdmin } from '../../support/mno-simulator-client';
import { bssActivation, bssSuspension, newIccid } from '../../support/activation-requests';
import {
  activationBody,
  newDealer,
  startTestGateway,
  type RunningGateway,
} from '../gateway/gateway-harness';
import { waitFor } from '../../support/test-infra';

const RETRY_DELAYS_MS = [200, 400, 800, 1_500];

describe('activation saga against the MNO simulator (real Kafka, PostgreSQL, HTTP)', () => {
  const suite = sagaSuite(RETRY_DELAYS_MS, 1_000);
  let mno: MnoSimulatorAdmin;
  let db: DataSource;
  let bss: Backbone;
  let lifecycle: TopicTap;

  beforeAll(() => {
    ({ mno, db, bss } = suite.stack);
    lifecycle = suite.lifecycle;
  });

  /** The types of the events keyed by `subscriberId`, in the order they were published. */
  const eventsFor = (subscriberId: string) =>
    lifecycle.records.filter((r) => r.key === subscriberId).map((r) => r.headers.ce_type);
  const activationState = async (activationId: string) => {
    const rows = await db.query<{ state: string; reason_code: string | null }[]>(
      'SELECT state, reason_code FROM activations WHERE activation_id = $1',
      [activationId],
    );
    return rows[0];
  };

  it('activates a dealer request end to end: 202, then completed with its handoffs on the timeline, keyed by the subscriber id the gateway assigned', async () => {
    let gateway: RunningGateway | undefined;
    try {
      const started = await startTestGateway();
      gateway = started.gateway;
      const dealer = await newDealer(started.db, 'saga');
      const body = activationBody({ iccid: newIccid() });
      const accepted = await fetch(`${gateway.url}/v1/activations`, {
        method: 'POST',
        headers: { ...dealer.auth, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      expect(accepted.status).toBe(202);
      const { subscriberId } = (await accepted.json()) as { subscriberId: string };
      const location = accepted.headers.get('location')!;
      const read = async () =>
        (await (await fetch(`${gateway!.url}${location}`, { headers: dealer.auth })).json()) as {
          state: string;
          subscriberId?: string;
          timeline: { kind: string; integrationPoint: string; ownerTeam: string }[];
        };
      const done = await waitFor(
        'the dealer activation to complete',
        async () => {
          const view = await read();
          return view.state === 'completed' ? view : undefined;
        },
        30_000,
      );
      expect(done.subscriberId).toBe(subscriberId);
      await waitFor('SubscriberActivated keyed by the subscriber id', () =>
        eventsFor(subscriberId).includes(EventTypes.SubscriberActivated),
      );
      expect(done.timeline.map((t) => t.kind)).toEqual(
        expect.arrayContaining(['http-request', 'event-consumed', 'vendor-call', 'saga-step']),
      );
      expect(done.timeline.find((t) => t.kind === 'vendor-call')).toMatchObject({
        integrationPoint: 'handoff-to-mno',
        ownerTeam: 'network-ops',
      });
      expect(await mno.provisioned(String(body.iccid))).toHaveLength(1);
      await started.db.destroy();
    } finally {
      await gateway?.close();
    }
  });

  it('activates a BSS request: provisions once and announces SubscriberActivated, every event keyed by the subscriber id it names', async () => {
    const iccid = newIccid();
    const request = bssActivation(iccid);
    const subscriberId = request.data.subscriberId!;
    await bss.publishNow([request]);

    await waitFor(
      'SubscriberActivated',
      () => eventsFor(subscriberId).includes(EventTypes.SubscriberActivated),
      30_000,
    );
    expect(eventsFor(subscriberId)).toEqual([
      EventTypes.ActivationRequested,
      EventTypes.ProvisioningStarted,
      EventTypes.ProvisioningSucceeded,
      EventTypes.SubscriberActivated,
    ]);
    expect(await activationState(request.data.activationId)).toMatchObject({ state: 'completed' });
    expect(await mno.provisioned(iccid)).toHaveLength(1);
  });

  it('makes one MNO order and assigns one subscriber id when the same BSS event naming none is delivered twice', async () => {
    const iccid = newIccid();
    const request = bssActivation(iccid, { subscriberId: null });
    const assigned = assignedSubscriberId(request.data.activationId);
    const record = bss.stamper.stamp(request);
    await bss.producer.send([record, record]);

    // The announcement is published after the state commits: wait for it, not for the state.
    await waitFor(
      'SubscriberActivated',
      () => eventsFor(assigned).includes(EventTypes.SubscriberActivated),
      30_000,
    );
    expect(await activationState(request.data.activationId)).toMatchObject({ state: 'completed' });
    expect(await mno.ordersFor(request.data.activationId)).toHaveLength(1);
    expect(eventsFor(assigned).filter((t) => t === EventTypes.SubscriberActivated)).toHaveLength(1);
  });

  it('rejects an ICCID already bound to another subscriber with ActivationRejected, not a dead letter', async () => {
    const iccid = newIccid();
    const first = bssActivation(iccid);
    await bss.publishNow([first]);
    await waitFor(
      'the first activation',
      async () => (await activationState(first.data.activationId))?.state === 'completed',
      30_000,
    );

    const second = bssActivation(iccid);
    await bss.publishNow([second]);
    await waitFor(
      'the rejection',
      () => eventsFor(second.data.subscriberId!).includes(EventTypes.ActivationRejected),
      30_000,
    );
    expect(await activationState(second.data.activationId)).toMatchObject({
      state: 'rejected',
      reason_code: 'ICCID_ALREADY_BOUND',
    });
    expect(await mno.provisioned(iccid)).toHaveLength(1);
  });

  it('provisions exactly once when the MNO answers 500 before it succeeds', async () => {
    await mno.setFaults({ endpoint: 'createOrder', errorRate: 1, errorStatus: 500 });
    const iccid = newIccid();
    const request = bssActivation(iccid);
    await bss.publishNow([request]);
    await waitFor('a failed MNO call in the ledger', async () => {
      const rows = await db.query<unknown[]>(
        `SELECT 1 FROM audit_ledger WHERE correlation_id = $1 AND kind = 'vendor-call' AND outcome = 'retrying'`,
        [request.id],
      );
      return rows.length > 0;
    });
    await mno.clearFaults();

    await waitFor(
      'the activation to complete',
      async () => (await activationState(request.data.activationId))?.state === 'completed',
      30_000,
    );
    expect(await mno.provisioned(iccid)).toHaveLength(1);
  });

  it('does not provision twice when the MNO times out but the order succeeded', async () => {
    await mno.setFaults({ endpoint: 'createOrder', processThenTimeout: true });
    const iccid = newIccid();
    const request = bssActivation(iccid);
    await bss.publishNow([request]);

    // The announcement is published after the state commits: wait for it, not for the state.
    await waitFor(
      'SubscriberActivated',
      () => eventsFor(request.data.subscriberId!).includes(EventTypes.SubscriberActivated),
      30_000,
    );
    expect(await activationState(request.data.activationId)).toMatchObject({ state: 'completed' });
    expect(await mno.ordersFor(request.data.activationId)).toHaveLength(1);
    expect(await mno.provisioned(iccid)).toHaveLength(1);
  });

  it('applies a suspend published right after an activation, keyed by the same subscriber id, only after the activation', async () => {
    const iccid = newIccid();
    const activation = bssActivation(iccid);
    const subscriberId = activation.data.subscriberId!;
    await bss.publishNow([activation, bssSuspension(subscriberId, iccid)]);

    await waitFor(
      'SubscriberSuspended',
      () => eventsFor(subscriberId).includes(EventTypes.SubscriberSuspended),
      30_000,
    );
    const events = eventsFor(subscriberId);
    expect(events.indexOf(EventTypes.SubscriberActivated)).toBeLessThan(
      events.indexOf(EventTypes.SubscriberSuspended),
    );
    const [subscriber] = await db.query<{ state: string }[]>(
      'SELECT state FROM subscribers WHERE subscriber_id = $1',
      [subscriberId],
    );
    expect(subscriber?.state).toBe('suspended');
  });
});
