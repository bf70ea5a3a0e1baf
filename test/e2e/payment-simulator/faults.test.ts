import { waitFor } from '../../support/test-infra';
import {
  authorization,
  ledgerLines,
  newKey,
  type PaymentTestClient,
  useTestSimulator,
} from './payment-simulator.harness';

interface Stats {
  calls: Record<string, { total: number } & Record<string, number>>;
  intents: Record<string, number>;
  effects: Record<string, Record<string, number>>;
}

describe('payment simulator: faults on demand', () => {
  let processor: PaymentTestClient;
  useTestSimulator((started) => (processor = started));

  it('answers 503 in Stripe format and captures nothing while capture fails', async () => {
    const intent = await processor.authorized();
    await processor.setFaults({ endpoint: 'captureIntent', errorRate: 1 });

    const answer = await processor.capture(intent.id, {}, newKey());

    expect(answer.status).toBe(503);
    expect(answer.error).toMatchObject({ type: 'api_error', code: 'service_unavailable' });
    expect(ledgerLines(await processor.effects(intent.id))).toEqual(['authorization:2599']);
  });

  it('does not keep the key of a request a fault stopped, so the retry does the work once', async () => {
    const key = newKey();
    await processor.setFaults({ endpoint: 'createIntent', errorRate: 1, errorStatus: 500 });
    const request = authorization();
    expect((await processor.authorize(request, key)).status).toBe(500);
    await processor.call('DELETE', '/admin/faults');

    const retried = await processor.authorize(request, key);

    expect(retried.status).toBe(200);
    expect(retried.replayed).toBe(false);
    expect(ledgerLines(await processor.effects())).toEqual(['authorization:2599']);
  });

  it('authorizes but withholds the answer under processThenTimeout; the intent is found by its key', async () => {
    const key = newKey();
    const request = authorization();
    await processor.setFaults({ endpoint: 'createIntent', processThenTimeout: true });

    await expect(processor.authorize(request, key, 300)).rejects.toThrow(/abort|timeout/i);
    const [found] = await waitFor('the intent behind the lost answer', async () => {
      const intents = await processor.intentsFor(key);
      return intents.length > 0 && intents;
    });
    await processor.call('DELETE', '/admin/faults');
    const replay = await processor.authorize(request, key);

    expect(found.status).toBe('requires_capture');
    expect(replay.replayed).toBe(true);
    expect(replay.json).toEqual(found);
    expect(ledgerLines(await processor.effects())).toEqual(['authorization:2599']);
  });

  it('answers 503 everywhere during an outage and recovers when it is cleared', async () => {
    await processor.setFaults({ endpoint: '*', outage: true });

    expect((await processor.authorize(authorization(), newKey())).status).toBe(503);
    expect((await processor.call('GET', '/v1/payment_intents/pi_x')).status).toBe(503);
    expect((await processor.refund({ payment_intent: 'pi_x' })).status).toBe(503);

    await processor.call('DELETE', '/admin/faults');
    expect((await processor.authorize(authorization(), newKey())).status).toBe(200);
  });

  it('never answers while timeoutRate is 1, and authorizes nothing', async () => {
    await processor.setFaults({ endpoint: 'createIntent', timeoutRate: 1 });

    await expect(processor.authorize(authorization(), newKey(), 300)).rejects.toThrow(
      /abort|timeout/i,
    );
    expect(await processor.effects()).toEqual([]);
  });

  it('processes the request and answers a malformed body under malformedRate', async () => {
    const intent = await processor.authorized();
    await processor.setFaults({
      endpoint: 'captureIntent',
      malformedRate: 1,
      malformedKind: 'invalidJson',
    });

    const answer = await processor.capture(intent.id);

    expect(answer.status).toBe(200);
    expect(() => JSON.parse(answer.text) as unknown).toThrow();
    expect((await processor.intent(intent.id)).status).toBe('succeeded');
  });

  it('refuses a fault rule for an endpoint it does not have, or a field it does not know', async () => {
    const unknownEndpoint = await processor.call('PUT', '/admin/faults', {
      body: { endpoint: 'createOrder', outage: true },
    });
    const unknownField = await processor.call('PUT', '/admin/faults', {
      body: { endpoint: 'createIntent', declineAll: true },
    });

    expect(unknownEndpoint.status).toBe(400);
    expect(unknownEndpoint.error.message).toMatch(/endpoint: must be one of createIntent/);
    expect(unknownField.status).toBe(400);
  });

  it('counts calls per endpoint and outcome, intents per status, and effect totals per currency', async () => {
    const intent = await processor.authorized({ amount: 1000 });
    await processor.capture(intent.id, { amount_to_capture: 400 });
    await processor.authorize(authorization({ payment_method: 'pm_card_chargeDeclinedLostCard' }));
    await processor.refund({ payment_intent: intent.id, amount: 100 });

    const stats = (await processor.call<Stats>('GET', '/admin/stats')).json;

    expect(stats.calls.createIntent).toMatchObject({ total: 2, ok: 1, rejected: 1 });
    expect(stats.intents).toMatchObject({ succeeded: 1, requires_payment_method: 1 });
    expect(stats.effects.usd).toEqual({
      authorization: 1000,
      capture: 400,
      release: 600,
      void: 0,
      expiry: 0,
      refund: 100,
    });
  });
});
