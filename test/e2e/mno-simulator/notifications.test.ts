import { hubSignatureValid } from '@handoff/mno-provisioning';
import { waitFor } from '../../support/test-infra';
import {
  mobileLineOrder,
  type MnoTestClient,
  startListener,
  useTestSimulator,
  TMF,
} from './mno-simulator.harness';

describe('MNO simulator: state change notifications', () => {
  let mno: MnoTestClient;
  const listeners: { close(): Promise<void> }[] = [];
  useTestSimulator((started) => (mno = started));
  afterAll(async () => {
    await Promise.all(listeners.map((l) => l.close()));
  });

  const listener = async (status?: number) => {
    const started = await startListener(status);
    listeners.push(started);
    return started;
  };

  it('posts inProgress then completed to a hub listener, as TMF ServiceOrderStateChangeEvents', async () => {
    const hub = await listener();
    const registered = await mno.call<{ id: string; callback: string }>('POST', `${TMF}/hub`, {
      callback: hub.url,
    });
    expect(registered.status).toBe(201);
    expect(registered.json).toMatchObject({ id: expect.any(String), callback: hub.url });

    const created = await mno.createOrder(mobileLineOrder());
    await waitFor('two events', () => hub.received.length >= 2);

    expect(hub.received.map((e) => e.event.serviceOrder.state)).toEqual([
      'inProgress',
      'completed',
    ]);
    for (const event of hub.received) {
      expect(event).toMatchObject({
        eventId: expect.any(String),
        eventTime: expect.any(String),
        eventType: 'ServiceOrderStateChangeEvent',
      });
      expect(event.event.serviceOrder.id).toBe(created.json.id);
    }
    await mno.call('DELETE', `${TMF}/hub/${registered.json.id}`);
  });

  it('signs every callback to a listener registered with a secret, and answers the secret back to no one', async () => {
    const hub = await listener();
    const secret = 'a-secret-of-this-subscription';
    const registered = await mno.call<Record<string, unknown>>('POST', `${TMF}/hub`, {
      callback: hub.url,
      secret,
    });
    expect(registered.json).not.toHaveProperty('secret');

    await mno.createOrder(mobileLineOrder());
    await waitFor('two events', () => hub.raw.length >= 2);

    for (const { body, signature } of hub.raw) {
      expect(hubSignatureValid(secret, body, signature)).toBe(true);
      expect(hubSignatureValid('another-secret-altogether', body, signature)).toBe(false);
    }
    await mno.call('DELETE', `${TMF}/hub/${registered.json.id as string}`);
  });

  it("posts to the order's notificationUrl", async () => {
    const callback = await listener();
    const created = await mno.createOrder(mobileLineOrder({ notificationUrl: callback.url }));

    const completed = await waitFor('completed event', () =>
      callback.received.find((e) => e.event.serviceOrder.state === 'completed'),
    );
    expect(completed.event.serviceOrder.id).toBe(created.json.id);
  });

  it('stops posting to a listener once it is removed', async () => {
    const kept = await listener();
    const removed = await listener();
    await mno.call('POST', `${TMF}/hub`, { callback: kept.url });
    const { json } = await mno.call<{ id: string }>('POST', `${TMF}/hub`, {
      callback: removed.url,
    });
    expect((await mno.call('DELETE', `${TMF}/hub/${json.id}`)).status).toBe(204);

    await mno.createOrder(mobileLineOrder());
    await waitFor('the kept listener to get both events', async () => {
      return (await mno.stats()).notifications.delivered === 2;
    });
    expect(kept.received).toHaveLength(2);
    expect(removed.received).toHaveLength(0);
    expect((await mno.call('DELETE', `${TMF}/hub/${json.id}`)).status).toBe(404);
  });

  it('completes the order even when the listener answers 500, counting the failed deliveries', async () => {
    const broken = await listener(500);
    const created = await mno.createOrder(mobileLineOrder({ notificationUrl: broken.url }));

    await waitFor(
      'completion',
      async () => (await mno.getOrder(created.json.id)).json.state === 'completed',
    );
    await waitFor('failed deliveries', async () => (await mno.stats()).notifications.failed === 2);
  });

  it('refuses a hub registration without a callback, naming it', async () => {
    const answer = await mno.call('POST', `${TMF}/hub`, {});
    expect(answer.status).toBe(400);
    expect(answer.error.message).toContain('callback');
  });
});
