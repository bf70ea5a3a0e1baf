import { DeferredError, RetryableError } from '@handoff/resilience';
import { MnoErrorCode, mnoRetryable } from './mno-provisioning.errors';
import { FakeMnoProvisioning } from './mno-provisioning.fake';
import type { ActivationOrder } from './mno-provisioning.port';

const activation: ActivationOrder = {
  activationId: 'act-1',
  iccid: '8901410000000001234',
  msisdn: null,
  planCode: 'PLAN-10GB',
  portIn: null,
};

const timeout = () => mnoRetryable(MnoErrorCode.timeout, 'no answer');

describe('FakeMnoProvisioning', () => {
  it('keeps orders acknowledged until the test completes them', async () => {
    const mno = new FakeMnoProvisioning();
    const { orderId } = await mno.submitOrFind(activation);

    expect((await mno.getOrder(orderId)).state).toBe('acknowledged');
    mno.complete(orderId, { imsi: '001010000000001' });
    await expect(mno.getOrder(orderId)).resolves.toMatchObject({
      state: 'completed',
      imsi: '001010000000001',
    });
  });

  it('completes immediately when asked to, and fails orders of a rejected ICCID', async () => {
    const mno = new FakeMnoProvisioning({ completeImmediately: true }).rejectIccid('bad-iccid');

    await expect(mno.submitActivation(activation)).resolves.toMatchObject({ state: 'completed' });
    await expect(
      mno.submitActivation({ ...activation, activationId: 'act-2', iccid: 'bad-iccid' }),
    ).resolves.toMatchObject({ state: 'failed', failure: { code: 'ICCID_UNKNOWN' } });
  });

  it('fails the next calls as scripted, and a slow success is found by submitOrFind', async () => {
    const mno = new FakeMnoProvisioning().failNext(1, timeout, {
      operations: ['submitOrFind'],
      applied: true,
    });

    await expect(mno.submitOrFind(activation)).rejects.toBeInstanceOf(RetryableError);
    const order = await mno.submitOrFind(activation);

    expect(mno.created).toHaveLength(1);
    expect(order.orderId).toBe(mno.created[0].orderId);
  });

  it('holds every call while the breaker is open and notifies when it closes', async () => {
    const mno = new FakeMnoProvisioning();
    const recovered = jest.fn();
    mno.health.onRecovered(recovered);
    mno.setBreakerOpen(true);

    await expect(mno.submitOrFind(activation)).rejects.toBeInstanceOf(DeferredError);
    expect(mno.health.breakerOpen()).toBe(true);
    mno.setBreakerOpen(false);

    expect(recovered).toHaveBeenCalledTimes(1);
    await expect(mno.submitOrFind(activation)).resolves.toMatchObject({ state: 'acknowledged' });
  });

  it('changes the line an activation left, refuses an illegal change, and finds a repeated request', async () => {
    const mno = new FakeMnoProvisioning({ completeImmediately: true });
    await mno.submitOrFind(activation);
    const suspend = {
      requestId: 'req-1',
      iccid: activation.iccid,
      change: { kind: 'suspend' as const, reason: 'fraud' as const },
    };

    const done = await mno.submitLineOrder(suspend);
    expect(done).toMatchObject({ state: 'completed', line: { state: 'suspended' } });
    await expect(mno.submitLineOrder(suspend)).resolves.toMatchObject({ orderId: done.orderId });
    expect(mno.lines.orders).toHaveLength(1);

    const plan = { kind: 'planChange' as const, planCode: 'P' };
    await expect(
      mno.submitLineOrder({ requestId: 'req-2', iccid: '8901410000000009999', change: plan }),
    ).resolves.toMatchObject({
      state: 'failed',
      failure: {
        code: 'LINE_NOT_FOUND',
        reasonCode: 'MNO.LINE_NOT_FOUND',
        businessRejection: true,
      },
    });
    await expect(mno.findLine({ iccid: activation.iccid })).resolves.toMatchObject({
      state: 'suspended',
    });
  });

  it('holds a port-in until the test settles or fails it', async () => {
    const mno = new FakeMnoProvisioning();
    const line = mno.lines.addLine({
      state: 'active',
      iccid: activation.iccid,
      imsi: '001010000000001',
      msisdn: '15550000001',
      planCode: 'P',
    });
    const portIn = { donorOperator: 'D', accountNumber: 'A', pin: '1' };
    const change = { kind: 'portIn' as const, msisdn: '14155550123', portIn };

    const order = await mno.submitLineOrder({ requestId: 'req-1', iccid: line.iccid, change });
    expect(order.state).toBe('held');
    expect(mno.lines.fail(order.orderId, 'PORT_IN_PIN_MISMATCH').failure).toMatchObject({
      reasonCode: 'MNO.PORT_IN_PIN_MISMATCH',
      businessRejection: true,
    });
    const other = await mno.submitLineOrder({ requestId: 'req-2', iccid: line.iccid, change });
    expect(mno.lines.settle(other.orderId).line).toMatchObject({ msisdn: '14155550123' });
  });
});
