import { EventTypes, type SubscriberPortedOut } from '@handoff/contracts';
import { bssPlanChange, bssResumption } from '../../support/lifecycle-requests';
import { activeSubscriber, lineOf } from '../../support/port-lines';
import { sagaSuite, type SagaSuite } from '../../support/saga-stack';
import { waitFor } from '../../support/test-infra';

const POLL_INTERVAL_MS = 300;

/** When the last port-out poll round ended (any instance's), as the poll's row says. */
async function lastRoundAt(suite: SagaSuite): Promise<number> {
  const rows = await suite.stack.db.query<{ at: Date | null }[]>(
    `SELECT last_round_at AS at FROM mno_polls WHERE poll = 'port-outs'`,
  );
  return rows[0]?.at?.getTime() ?? 0;
}

/**
 * Everything the subscriber's port-out could still cause has happened: two more poll rounds ran
 * after now, then a request sent behind them (a resume of the ended line) was answered, so any
 * event keyed to the subscriber before it was handled first. No fixed wait.
 */
async function settled(suite: SagaSuite, subscriberId: string): Promise<void> {
  for (let round = 0; round < 2; round += 1) {
    const before = await lastRoundAt(suite);
    await waitFor(
      'a later poll round',
      async () => (await lastRoundAt(suite)) > before || undefined,
    );
  }
  const sentinel = bssResumption(subscriberId);
  await suite.stack.bss.publishNow([sentinel]);
  await waitFor(`the answer to ${sentinel.data.requestId}`, () =>
    suite.lifecycle
      .eventsKeyed(subscriberId)
      .find(
        (e) =>
          e.type === EventTypes.LifecycleRequestRejected &&
          (e.data as { requestId: string }).requestId === sentinel.data.requestId,
      ),
  );
}

describe('port-outs found by polling the MNO (real Kafka, PostgreSQL, simulator over HTTP)', () => {
  const suite = sagaSuite([200, 400, 800], 1_000, { portOutPollIntervalMs: POLL_INTERVAL_MS });

  afterEach(async () => {
    await suite.stack.mno.setHubDelivery(true);
    await suite.stack.mno.setCompletionDelay(150);
  });

  const portedOutEvents = (subscriberId: string) =>
    suite.lifecycle
      .eventsKeyed(subscriberId)
      .filter((e) => e.type === EventTypes.SubscriberPortedOut);

  async function portOutAnnouncedOnce(subscriberId: string, msisdn: string): Promise<void> {
    const portedOut = await waitFor(
      `SubscriberPortedOut of ${subscriberId}`,
      () => portedOutEvents(subscriberId)[0],
      15_000,
    );
    expect(portedOut.data as SubscriberPortedOut).toMatchObject({
      subscriberId,
      msisdn,
      recipientOperator: 'RecipientTel',
    });
    await settled(suite, subscriberId);
    expect(portedOutEvents(subscriberId)).toHaveLength(1);
    expect(await lineOf(suite, subscriberId)).toMatchObject({
      state: 'terminated',
      open_request_id: null,
    });
  }

  it('ends the line and tells the BSS SubscriberPortedOut once when the hub never calls', async () => {
    const { subscriberId, msisdn } = await activeSubscriber(suite);
    await suite.stack.mno.setHubDelivery(false);
    const withheld = (await suite.stack.mno.notificationCounts()).withheld;

    await suite.stack.mno.portOut(msisdn, 'RecipientTel');

    await portOutAnnouncedOnce(subscriberId, msisdn);
    expect((await suite.stack.mno.notificationCounts()).withheld).toBeGreaterThan(withheld);
  });

  it('announces once a port-out heard by callback and by every poll round while the line is busy', async () => {
    const { subscriberId, msisdn } = await activeSubscriber(suite);
    // A slow plan change keeps the line busy, so the port-out waits behind it with the line still
    // live in Handoff: each poll round finds it again and publishes it again.
    await suite.stack.mno.setCompletionDelay(3_000);
    await suite.stack.bss.publishNow([bssPlanChange(subscriberId, 'BASIC-5G-15')]);
    await waitFor('the line busy with its plan change', async () =>
      (await lineOf(suite, subscriberId))?.open_request_id ? true : undefined,
    );

    await suite.stack.mno.portOut(msisdn, 'RecipientTel');

    const notices = () =>
      suite.lifecycle
        .eventsKeyed(subscriberId)
        .filter((e) => e.type === EventTypes.PortOutNotified);
    await waitFor('the callback and a poll round both publishing the port-out', () =>
      notices().length >= 2 ? true : undefined,
    );
    await portOutAnnouncedOnce(subscriberId, msisdn);
    // Every copy is one event (one id): the consumer's inbox took it once.
    expect(new Set(notices().map((e) => e.id)).size).toBe(1);
  });
});
