import { DeferredError, PermanentError, RetryableError } from '@handoff/resilience';
import type { MnoSettings } from './mno-provisioning.config';
import { MnoProvisioningAxiosAdapter } from './mno-provisioning.axios-adapter';
import { MnoBreakerOpenError } from './mno-provisioning.errors';
import type { ActivationOrder } from './mno-provisioning.port';
import { ScriptedMnoServer, until } from './testing/scripted-mno.server';

const activation: ActivationOrder = {
  activationId: 'act-1',
  iccid: '8901410000000001234',
  msisdn: null,
  planCode: 'PLAN-10GB',
  portIn: null,
};

const atMnoEdge = { stage: 'vendor-call', integrationPoint: 'handoff-to-mno' };

const BREAKER: MnoSettings['breaker'] = {
  errorThresholdPercentage: 50,
  resetTimeoutMs: 200,
  rollingCountTimeoutMs: 10_000,
  volumeThreshold: 10,
};

describe('MnoProvisioningAxiosAdapter', () => {
  let mno: ScriptedMnoServer;
  let adapter: MnoProvisioningAxiosAdapter;
  let baseUrl: string;

  const connect = (overrides: Partial<MnoSettings> = {}) => {
    adapter?.close();
    adapter = new MnoProvisioningAxiosAdapter({
      baseUrl,
      callTimeoutMs: 300,
      retry: { attempts: 3, baseMs: 5, capMs: 20, deadlineMs: 3_000 },
      orderWaitLimitMs: 60_000,
      breaker: BREAKER,
      ...overrides,
    });
    return adapter;
  };

  beforeEach(async () => {
    mno = new ScriptedMnoServer();
    baseUrl = await mno.start();
    connect();
  });

  afterEach(async () => {
    adapter.close();
    await mno.close();
  });

  it('creates a TMF641 service order and maps the acknowledgement to our order', async () => {
    const order = await adapter.submitActivation({
      ...activation,
      msisdn: '14155550123',
      portIn: { donorOperator: 'DONOR', accountNumber: 'A-1', pin: '1234' },
    });

    expect(order).toEqual({ orderId: 'ord-1', activationId: 'act-1', state: 'acknowledged' });
    expect(mno.requests[0].body).toMatchObject({
      externalId: 'act-1',
      serviceOrderItem: [
        {
          action: 'add',
          service: {
            serviceSpecification: { id: 'mobile-line' },
            serviceCharacteristic: [
              { name: 'iccid', value: activation.iccid },
              { name: 'msisdn', value: '14155550123' },
              { name: 'planCode', value: 'PLAN-10GB' },
              {
                name: 'portIn',
                value: { donorOperator: 'DONOR', accountNumber: 'A-1', pin: '1234' },
              },
            ],
          },
        },
      ],
    });
  });

  it('reads a completed order with its IMSI and MSISDN', async () => {
    const characteristics = [
      { name: 'iccid', value: activation.iccid },
      { name: 'imsi', value: '001010000000001' },
      { name: 'msisdn', value: '14155550199' },
    ];
    mno.addOrder({
      id: 'ord-9',
      externalId: 'act-1',
      state: 'completed',
      serviceOrderItem: [{ id: '1', service: { serviceCharacteristic: characteristics } }],
    });

    await expect(adapter.getOrder('ord-9')).resolves.toEqual({
      orderId: 'ord-9',
      activationId: 'act-1',
      state: 'completed',
      imsi: '001010000000001',
      msisdn: '14155550199',
    });
  });

  it('returns a failed order with the MNO reason instead of throwing when the ICCID is unknown', async () => {
    mno.addOrder({
      id: 'ord-9',
      externalId: 'act-1',
      state: 'failed',
      errorMessage: [{ code: 'ICCID_UNKNOWN', reason: 'unknown', message: 'ICCID not found' }],
    });

    await expect(adapter.getOrder('ord-9')).resolves.toMatchObject({
      state: 'failed',
      failure: { code: 'ICCID_UNKNOWN', message: 'ICCID not found' },
    });
  });

  it('retries a 503 twice and creates exactly one order', async () => {
    mno.script('createOrder', { status: 503 }, { status: 503 });

    const order = await adapter.submitActivation(activation);

    expect(order.state).toBe('acknowledged');
    expect(mno.count('createOrder')).toBe(3);
    expect(mno.count('findOrders')).toBe(2);
    expect(mno.orders.size).toBe(1);
  });

  it('posts again after a connection reset only once the MNO shows no order for the activation', async () => {
    mno.script('createOrder', { reset: true });

    await expect(adapter.submitActivation(activation)).resolves.toMatchObject({ orderId: 'ord-1' });
    expect(mno.requests.map((r) => r.route)).toEqual(['createOrder', 'findOrders', 'createOrder']);
    expect(mno.orders.size).toBe(1);
  });

  it('rejects a 400 as a permanent MNO.BAD_REQUEST, without retrying or tripping the breaker', async () => {
    connect({ breaker: { ...BREAKER, volumeThreshold: 2 } });
    for (let i = 0; i < 4; i++) {
      mno.script('createOrder', { status: 400, body: { code: 'INVALID_PLAN', reason: 'bad' } });
      const error = await adapter.submitActivation(activation).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(PermanentError);
      expect(error).toMatchObject({ code: 'MNO.BAD_REQUEST', ...atMnoEdge });
    }

    expect(mno.count('createOrder')).toBe(4);
    expect(adapter.health.breakerOpen()).toBe(false);
  });

  it('finds the slowly created order after a create timeout instead of posting it again', async () => {
    mno.script('createOrder', { slowSuccessMs: 1_000 });

    const order = await adapter.submitActivation(activation);

    expect(order).toMatchObject({ orderId: 'ord-1', activationId: 'act-1' });
    expect(mno.count('createOrder')).toBe(1);
    expect(mno.count('findOrders')).toBe(1);
    expect(mno.orders.size).toBe(1);
  });

  it('submitOrFind returns the existing order of the activation without creating another', async () => {
    mno.addOrder({ id: 'ord-7', externalId: 'act-1', state: 'inProgress' });

    await expect(adapter.submitOrFind(activation)).resolves.toMatchObject({
      orderId: 'ord-7',
      state: 'inProgress',
    });
    expect(mno.count('createOrder')).toBe(0);
  });

  it('opens the breaker after repeated 5xx, holds calls, then recovers through a half-open call', async () => {
    connect({
      retry: { attempts: 1, baseMs: 5, capMs: 20, deadlineMs: 3_000 },
      breaker: { ...BREAKER, volumeThreshold: 2 },
    });
    const recovered = jest.fn();
    adapter.health.onRecovered(recovered);
    mno.script('getOrder', { status: 500 }, { status: 503 });
    mno.addOrder({ id: 'ord-1', externalId: 'act-1' });

    await expect(adapter.getOrder('ord-1')).rejects.toMatchObject({ code: 'MNO.UNAVAILABLE' });
    await expect(adapter.getOrder('ord-1')).rejects.toBeInstanceOf(RetryableError);
    const held = await adapter.getOrder('ord-1').catch((e: unknown) => e);

    expect(held).toBeInstanceOf(MnoBreakerOpenError);
    expect(held).toBeInstanceOf(DeferredError);
    expect(held).toMatchObject({ code: 'MNO.BREAKER_OPEN', retryAfterMs: 200, ...atMnoEdge });
    expect(mno.count('getOrder')).toBe(2);
    expect(adapter.health.breakerOpen()).toBe(true);

    await until(() => !adapter.health.breakerOpen());
    await expect(adapter.getOrder('ord-1')).resolves.toMatchObject({ orderId: 'ord-1' });
    await until(() => recovered.mock.calls.length === 1);
    expect(adapter.health.breakerOpen()).toBe(false);
  });

  it.each([
    ['invalid JSON', { status: 200, raw: '{"id": "ord-1", ' }],
    ['a missing state', { status: 200, body: { id: 'ord-1', externalId: 'act-1' } }],
    [
      'a completed order without IMSI',
      { status: 200, body: { id: 'ord-1', externalId: 'act-1', state: 'completed' } },
    ],
  ])('treats %s as a permanent MNO.MALFORMED_RESPONSE, not retried', async (_, reply) => {
    connect({ breaker: { ...BREAKER, volumeThreshold: 1 } });
    mno.script('getOrder', reply);

    const error = await adapter.getOrder('ord-1').catch((e: unknown) => e);

    expect(error).toBeInstanceOf(PermanentError);
    expect(error).toMatchObject({ code: 'MNO.MALFORMED_RESPONSE', ...atMnoEdge });
    expect(mno.count('getOrder')).toBe(1);
    expect(adapter.health.breakerOpen()).toBe(false);
  });

  it('aborts every call that outlives its timeout and reports MNO.TIMEOUT', async () => {
    connect({
      callTimeoutMs: 100,
      retry: { attempts: 2, baseMs: 5, capMs: 20, deadlineMs: 3_000 },
    });
    mno.script('getOrder', { hang: true }, { hang: true });
    const started = Date.now();

    const error = await adapter.getOrder('ord-1').catch((e: unknown) => e);

    expect(error).toBeInstanceOf(RetryableError);
    expect(error).toMatchObject({ code: 'MNO.TIMEOUT', ...atMnoEdge });
    expect(Date.now() - started).toBeLessThan(1_000);
    await until(() => mno.abortedRequests === 2);
  });

  it('aborts the call in flight at the operation deadline', async () => {
    connect({
      callTimeoutMs: 2_000,
      retry: { attempts: 3, baseMs: 5, capMs: 20, deadlineMs: 150 },
    });
    mno.script('getOrder', { hang: true });
    const started = Date.now();

    await expect(adapter.getOrder('ord-1')).rejects.toMatchObject({ code: 'MNO.TIMEOUT' });
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(mno.count('getOrder')).toBe(1);
  });

  it('defers a call its caller aborted, without counting it against the MNO', async () => {
    connect({ breaker: { ...BREAKER, volumeThreshold: 1 } });
    mno.script('getOrder', { hang: true });
    const caller = new AbortController();
    const pending = adapter.getOrder('ord-1', caller.signal).catch((e: unknown) => e);
    await until(() => mno.count('getOrder') === 1);
    caller.abort();

    const error = await pending;

    expect(error).toBeInstanceOf(DeferredError);
    expect(error).toMatchObject({ code: 'MNO.CALL_CANCELLED' });
    expect(adapter.health.breakerOpen()).toBe(false);
  });

  it('reports a refused connection as a retryable MNO.UNREACHABLE', async () => {
    await mno.close();
    connect({ retry: { attempts: 2, baseMs: 5, capMs: 20, deadlineMs: 1_000 } });

    const error = await adapter.getOrder('ord-1').catch((e: unknown) => e);

    expect(error).toBeInstanceOf(RetryableError);
    expect(error).toMatchObject({ code: 'MNO.UNREACHABLE', ...atMnoEdge });
    mno = new ScriptedMnoServer();
    await mno.start();
  });

  it('defers a throttled call (429) instead of failing it', async () => {
    mno.script('findOrders', { status: 429 });

    const error = await adapter.findOrderForActivation('act-1').catch((e: unknown) => e);

    expect(error).toBeInstanceOf(DeferredError);
    expect(error).toMatchObject({ code: 'MNO.THROTTLED' });
    expect(mno.count('findOrders')).toBe(1);
  });

  it('places a suspension as a TMF641 modify of the line named by its ICCID, after looking for the request', async () => {
    const change = { kind: 'suspend' as const, reason: 'nonPayment' as const };

    const order = await adapter.submitLineOrder({
      requestId: 'req-1',
      iccid: activation.iccid,
      change,
    });

    expect(order).toEqual({ orderId: 'ord-1', requestId: 'req-1', state: 'acknowledged' });
    expect(mno.requests.map((r) => r.route)).toEqual(['findOrders', 'createOrder']);
    expect(mno.requests[1].body).toMatchObject({
      externalId: 'req-1',
      serviceOrderItem: [
        {
          action: 'modify',
          service: {
            state: 'suspended',
            serviceCharacteristic: [
              { name: 'iccid', value: activation.iccid },
              { name: 'suspendReason', value: 'nonPayment' },
            ],
          },
        },
      ],
    });
  });

  it('classifies a failed line order: a documented refusal is a business rejection, another code is not', async () => {
    mno.addOrder({
      id: 'ord-1',
      externalId: 'req-1',
      state: 'failed',
      errorMessage: [{ code: 'LINE_TERMINATED', message: 'ended' }],
    });
    mno.addOrder({
      id: 'ord-2',
      externalId: 'req-2',
      state: 'failed',
      errorMessage: [{ code: 'HLR_DOWN', message: 'no' }],
    });

    await expect(adapter.getLineOrder('ord-1')).resolves.toMatchObject({
      failure: {
        code: 'LINE_TERMINATED',
        reasonCode: 'MNO.LINE_TERMINATED',
        businessRejection: true,
      },
    });
    await expect(adapter.getLineOrder('ord-2')).resolves.toMatchObject({
      failure: { code: 'HLR_DOWN', reasonCode: 'MNO.ORDER_FAILED', businessRejection: false },
    });
  });

  it('treats a completed line order without the line as a permanent MNO.MALFORMED_RESPONSE', async () => {
    mno.addOrder({
      id: 'ord-1',
      externalId: 'req-1',
      state: 'completed',
      serviceOrderItem: [{ id: '1', service: {} }],
    });

    await expect(adapter.getLineOrder('ord-1')).rejects.toMatchObject({
      code: 'MNO.MALFORMED_RESPONSE',
    });
  });
});
