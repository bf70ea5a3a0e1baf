import { assignedSubscriberId } from '@handoff/activation-requests';
import { EventTypes } from '@handoff/contracts';
import { Topics, type Backbone } from '@handoff/messaging';
import type { DataSource } from 'typeorm';
import { bssActivation, bssSuspension, newIccid } from '../../support/activation-requests';
import { TopicTap } from '../../support/backbone-harness';
import type { MnoSimulatorAdmin } from '../../support/mno-simulator-client';
import { startSagaStack, type SagaStack } from '../../support/saga-stack';
import { waitFor } from '../../support/test-infra';

const RETRY_DELAYS_MS = [200, 400, 800, 1_500];

/** A BSS that names no subscriber id learns the one Handoff assigns from the outcome event. */
describe('subscriber ids Handoff assigns to BSS activations (real Kafka, PostgreSQL, HTTP)', () => {
  let stack: SagaStack;
  let mno: MnoSimulatorAdmin;
  let db: DataSource;
  let bss: Backbone;
  let lifecycle: TopicTap;

  beforeAll(async () => {
    stack = await startSagaStack(RETRY_DELAYS_MS, 1_000);
    ({ mno, db, bss } = stack);
    lifecycle = await TopicTap.open(Topics.SubscriberLifecycle, { fromNow: true });
  });

  afterAll(async () => {
    await lifecycle?.close();
    await stack?.close();
  });

  afterEach(async () => {
    await mno.clearFaults();
  });

  /** The outcome of `activationId` as the BSS reads it off the lifecycle topic. */
  const outcomeOf = (activationId: string, type: string) =>
    waitFor(`${type} of ${activationId}`, () =>
      lifecycle
        .eventsOfType(type)
        .find((e) => (e.data as { activationId: string }).activationId === activationId),
    );

  it('assigns one to a BSS activation that names none, announces it in SubscriberActivated, and applies a later suspension keyed by it after the activation', async () => {
    const iccid = newIccid();
    const request = bssActivation(iccid, { subscriberId: null });
    const { activationId } = request.data;
    expect(request.subject).toBe(activationId);
    await bss.publishNow([request]);

    const activated = await outcomeOf(activationId, EventTypes.SubscriberActivated);
    const subscriberId = (activated.data as { subscriberId: string }).subscriberId;
    expect(subscriberId).toBe(assignedSubscriberId(activationId));
    expect(activated).toMatchObject({ subject: subscriberId, data: { subjectId: subscriberId } });

    await bss.publishNow([bssSuspension(subscriberId, iccid)]);
    await waitFor('SubscriberSuspended', () =>
      lifecycle.eventsKeyed(subscriberId).some((e) => e.type === EventTypes.SubscriberSuspended),
    );
    expect(lifecycle.eventsKeyed(subscriberId).map((e) => e.type)).toEqual([
      EventTypes.ProvisioningStarted,
      EventTypes.ProvisioningSucceeded,
      EventTypes.SubscriberActivated,
      EventTypes.SubscriberSuspensionRequested,
      EventTypes.SubscriberSuspended,
    ]);
    const [line] = await db.query<{ iccid: string; status: string }[]>(
      'SELECT iccid, status FROM subscribers WHERE subscriber_id = $1',
      [subscriberId],
    );
    expect(line).toEqual({ iccid, status: 'suspended' });
  });

  it('announces the assigned subscriber id in ActivationRejected', async () => {
    const request = bssActivation(newIccid(), { subscriberId: null });
    request.data.planCode = 'NO-SUCH-PLAN';
    await bss.publishNow([request]);

    const rejected = await outcomeOf(request.data.activationId, EventTypes.ActivationRejected);
    const assigned = assignedSubscriberId(request.data.activationId);
    expect(rejected).toMatchObject({
      subject: assigned,
      data: { subjectId: assigned, subscriberId: assigned, reason: { code: 'PLAN.UNKNOWN' } },
    });
  });

  it('announces the assigned subscriber id in ActivationFailed', async () => {
    const iccid = newIccid();
    await mno.setFaults({ endpoint: 'createOrder', unknownIccids: [iccid] });
    const request = bssActivation(iccid, { subscriberId: null });
    await bss.publishNow([request]);

    const failed = await outcomeOf(request.data.activationId, EventTypes.ActivationFailed);
    const assigned = assignedSubscriberId(request.data.activationId);
    expect(failed).toMatchObject({
      subject: assigned,
      data: { subjectId: assigned, subscriberId: assigned, reason: { code: 'MNO.ICCID_UNKNOWN' } },
    });
  });

  it('refuses a subscriber id that already has a line, with ActivationRejected keyed by it', async () => {
    const first = bssActivation(newIccid());
    const subscriberId = first.data.subscriberId!;
    await bss.publishNow([first]);
    await outcomeOf(first.data.activationId, EventTypes.SubscriberActivated);

    const second = bssActivation(newIccid(), { subscriberId });
    await bss.publishNow([second]);

    const rejected = await outcomeOf(second.data.activationId, EventTypes.ActivationRejected);
    expect(rejected).toMatchObject({
      subject: subscriberId,
      data: { reason: { code: 'SUBSCRIBER_ID_IN_USE' }, invalidField: 'subscriberId' },
    });
    expect(await mno.provisioned(second.data.iccid)).toHaveLength(0);
  });
});
