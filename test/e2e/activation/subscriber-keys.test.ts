import { assignedSubscriberId } from '@handoff/activation-requests';
import { EventTypes } from '@handoff/contracts';
import { bssActivation, bssSuspension, newIccid } from '../../support/activation-requests';
import { sagaSuite } from '../../support/saga-stack';
import { waitFor } from '../../support/test-infra';

const RETRY_DELAYS_MS = [200, 400, 800, 1_500];

/** A BSS that names no subscriber id learns the one Handoff assigns from the outcome event. */
describe('subscriber ids Handoff assigns to BSS activations (real Kafka, PostgreSQL, HTTP)', () => {
  const suite = sagaSuite(RETRY_DELAYS_MS, 1_000);

  /** The outcome of `activationId` as the BSS reads it off the lifecycle topic. */
  const outcomeOf = (activationId: string, type: string) =>
    waitFor(`${type} of ${activationId}`, () =>
      suite.lifecycle
        .eventsOfType(type)
        .find((e) => (e.data as { activationId: string }).activationId === activationId),
    );

  it('assigns one to a BSS activation that names none, announces it in SubscriberActivated, and applies a later suspension keyed by it after the activation', async () => {
    const iccid = newIccid();
    const request = bssActivation(iccid, { subscriberId: null });
    const { activationId } = request.data;
    expect(request.subject).toBe(activationId);
    await suite.stack.bss.publishNow([request]);

    const activated = await outcomeOf(activationId, EventTypes.SubscriberActivated);
    const subscriberId = (activated.data as { subscriberId: string }).subscriberId;
    expect(subscriberId).toBe(assignedSubscriberId(activationId));
    expect(activated).toMatchObject({ subject: subscriberId, data: { subjectId: subscriberId } });

    await suite.stack.bss.publishNow([bssSuspension(subscriberId, iccid)]);
    await waitFor('SubscriberSuspended', () =>
      suite.lifecycle
        .eventsKeyed(subscriberId)
        .some((e) => e.type === EventTypes.SubscriberSuspended),
    );
    expect(suite.lifecycle.eventsKeyed(subscriberId).map((e) => e.type)).toEqual([
      EventTypes.ProvisioningStarted,
      EventTypes.ProvisioningSucceeded,
      EventTypes.SubscriberActivated,
      EventTypes.SubscriberSuspensionRequested,
      EventTypes.SubscriberSuspended,
    ]);
    const [line] = await suite.stack.db.query<
      { iccid: string; state: string; suspension_reason: string }[]
    >('SELECT iccid, state, suspension_reason FROM subscribers WHERE subscriber_id = $1', [
      subscriberId,
    ]);
    expect(line).toEqual({ iccid, state: 'suspended', suspension_reason: 'NON_PAYMENT' });
  });

  type Request = ReturnType<typeof bssActivation>;
  it.each<[string, string, (request: Request) => Promise<unknown>]>([
    [
      EventTypes.ActivationRejected,
      'PLAN.UNKNOWN',
      async (request) => (request.data.planCode = 'NO-SUCH-PLAN'),
    ],
    [
      EventTypes.ActivationFailed,
      'MNO.ICCID_UNKNOWN',
      (request) =>
        suite.stack.mno.setFaults({ endpoint: 'createOrder', unknownIccids: [request.data.iccid] }),
    ],
  ])('announces the assigned subscriber id in %s', async (type, code, arrange) => {
    const request = bssActivation(newIccid(), { subscriberId: null });
    await arrange(request);
    await suite.stack.bss.publishNow([request]);

    const outcome = await outcomeOf(request.data.activationId, type);
    const assigned = assignedSubscriberId(request.data.activationId);
    expect(outcome).toMatchObject({
      subject: assigned,
      data: { subjectId: assigned, subscriberId: assigned, reason: { code } },
    });
  });

  it('refuses a subscriber id that already has a line, with ActivationRejected keyed by it', async () => {
    const first = bssActivation(newIccid());
    const subscriberId = first.data.subscriberId!;
    await suite.stack.bss.publishNow([first]);
    await outcomeOf(first.data.activationId, EventTypes.SubscriberActivated);

    const second = bssActivation(newIccid(), { subscriberId });
    await suite.stack.bss.publishNow([second]);

    const rejected = await outcomeOf(second.data.activationId, EventTypes.ActivationRejected);
    expect(rejected).toMatchObject({
      subject: subscriberId,
      data: { reason: { code: 'SUBSCRIBER_ID_IN_USE' }, invalidField: 'subscriberId' },
    });
    expect(await suite.stack.mno.provisioned(second.data.iccid)).toHaveLength(0);
  });
});
