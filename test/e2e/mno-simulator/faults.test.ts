import { waitFor } from '../../support/test-infra';
import {
  mobileLineOrder,
  type MnoTestClient,
  startTestSimulator,
  useTestSimulator,
  TMF,
} from './mno-simulator.harness';

describe('MNO simulator: faults on demand', () => {
  let mno: MnoTestClient;
  useTestSimulator((started) => (mno = started));

  it('answers 503 in TMF format, and creates nothing, while errorRate is 1', async () => {
    await mno.setFaults({ endpoint: 'createOrder', errorRate: 1 });
    const request = mobileLineOrder();

    const answer = await mno.createOrder(request);
    expect(answer.status).toBe(503);
    expect(answer.error).toMatchObject({ code: 'SERVICE_UNAVAILABLE', status: '503' });
    expect(await mno.ordersFor(request.externalId)).toEqual([]);
  });

  it('answers the errorStatus asked for', async () => {
    await mno.setFaults({ endpoint: 'listOrders', errorRate: 1, errorStatus: 500 });
    const answer = await mno.call('GET', `${TMF}/serviceOrder?externalId=x`);
    expect(answer.status).toBe(500);
    expect(answer.error.code).toBe('INTERNAL_SERVER_ERROR');
  });

  it('answers 503 on every endpoint during an outage, and recovers when it is cleared', async () => {
    await mno.setFaults({ endpoint: '*', outage: true });
    const request = mobileLineOrder();

    expect((await mno.createOrder(request)).status).toBe(503);
    expect((await mno.getOrder('any')).status).toBe(503);
    expect((await mno.call('GET', `${TMF}/serviceOrder`)).status).toBe(503);

    expect((await mno.call('DELETE', '/admin/faults')).status).toBe(204);
    expect((await mno.createOrder(request)).status).toBe(201);
  });

  it('answers 201 with a body that is not JSON, then one without the required fields, the orders being created all the same', async () => {
    await mno.setFaults({ endpoint: 'createOrder', malformedRate: 1 });
    const request = mobileLineOrder();

    const first = await mno.createOrder(request);
    expect(first.status).toBe(201);
    expect(() => JSON.parse(first.text) as unknown).toThrow();
    const second = await mno.createOrder(request);
    expect(second.status).toBe(201);
    expect(second.json).not.toHaveProperty('id');
    expect(second.json).not.toHaveProperty('state');
    expect(await mno.ordersFor(request.externalId)).toHaveLength(2);
  });

  it('creates the order but withholds the answer under processThenTimeout: the client times out, then finds it completed by externalId', async () => {
    await mno.setFaults({ endpoint: 'createOrder', processThenTimeout: true });
    const request = mobileLineOrder();

    await expect(mno.createOrder(request, 500)).rejects.toThrow(/abort|timeout/i);
    const [order] = await waitFor('the order to complete', async () => {
      const orders = await mno.ordersFor(request.externalId);
      return orders[0]?.state === 'completed' && orders;
    });
    expect(order.externalId).toBe(request.externalId);
    expect((await mno.stats()).calls.createOrder).toMatchObject({ total: 1, slowAnswer: 1 });
  });

  it('never answers while timeoutRate is 1, and does not run the request', async () => {
    await mno.setFaults({ endpoint: 'createOrder', timeoutRate: 1 });
    const request = mobileLineOrder();

    await expect(mno.createOrder(request, 300)).rejects.toThrow(/abort|timeout/i);
    expect(await mno.ordersFor(request.externalId)).toEqual([]);
  });

  it('adds the latency asked for', async () => {
    await mno.setFaults({ endpoint: 'getOrder', latencyMs: 300 });
    const started = Date.now();
    expect((await mno.getOrder('any')).status).toBe(404);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
  });

  it('applies an endpoint rule over the * rule, field by field', async () => {
    await mno.setFaults([
      { endpoint: '*', errorRate: 1 },
      { endpoint: 'getOrder', errorRate: 0 },
    ]);
    expect((await mno.getOrder('any')).status).toBe(404);
    expect((await mno.call('GET', `${TMF}/serviceOrder`)).status).toBe(503);
    expect((await mno.call('GET', '/admin/faults')).json).toHaveLength(2);
  });

  it('refuses a fault rule with an unknown endpoint or an out-of-range rate, naming the field', async () => {
    const endpoint = await mno.call('PUT', '/admin/faults', { endpoint: 'deleteOrder' });
    expect(endpoint.status).toBe(400);
    expect(endpoint.error.message).toContain('endpoint');
    const rate = await mno.call('PUT', '/admin/faults', { endpoint: '*', errorRate: 2 });
    expect(rate.error.message).toContain('errorRate');
    const typo = await mno.call('PUT', '/admin/faults', { endpoint: '*', errorrate: 1 });
    expect(typo.error.message).toContain('errorrate');
  });

  it('counts calls per endpoint and outcome', async () => {
    await mno.createOrder(mobileLineOrder());
    await mno.createOrder({});
    await mno.getOrder('missing');
    await mno.setFaults({ endpoint: 'listOrders', errorRate: 1 });
    await mno.call('GET', `${TMF}/serviceOrder`);

    const { calls } = await mno.stats();
    expect(calls.createOrder).toEqual({ total: 2, ok: 1, rejected: 1 });
    expect(calls.getOrder).toEqual({ total: 1, rejected: 1 });
    expect(calls.listOrders).toEqual({ total: 1, injectedError: 1 });
  });
});

describe('MNO simulator: faults given at start-up', () => {
  it('applies the faults it was started with', async () => {
    const { simulator, mno } = await startTestSimulator(100, [{ endpoint: '*', outage: true }]);
    try {
      expect((await mno.createOrder(mobileLineOrder())).status).toBe(503);
    } finally {
      await simulator.close();
    }
  });
});
