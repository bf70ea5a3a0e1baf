import { randomUUID } from 'node:crypto';
import { PermanentError, RetryableError } from '@handoff/resilience';
import { waitFor } from '../../support/test-infra';
import { newIccid } from '../mno-simulator/mno-simulator.harness';
import { activeLine, changeLine, useAdapterAndSimulator } from './line-orders.harness';

describe('MNO adapter: the simulator faults apply to lifecycle orders and line reads', () => {
  const rig = useAdapterAndSimulator();
  const request = () => `req-${randomUUID()}`;

  it('reports an outage as retryable MNO.UNAVAILABLE and places no order', async () => {
    const { adapter, mno } = rig;
    const line = await activeLine(adapter);
    await mno.setFaults({ endpoint: 'createOrder', outage: true });
    const requestId = request();

    const error = await adapter
      .submitLineOrder({ requestId, iccid: line.iccid, change: { kind: 'resume' } })
      .catch((e: unknown) => e);

    expect(error).toBeInstanceOf(RetryableError);
    expect(error).toMatchObject({ code: 'MNO.UNAVAILABLE' });
    expect(await mno.ordersFor(requestId)).toEqual([]);
  });

  it('leaves an order inProgress under stuckOrders, and fails a SIM swap to an unknown ICCID as ICCID_UNKNOWN', async () => {
    const { adapter, mno } = rig;
    const line = await activeLine(adapter);
    const unknown = newIccid();
    await mno.setFaults({ endpoint: 'createOrder', unknownIccids: [unknown] });

    const swap = await changeLine(adapter, line.iccid, { kind: 'simSwap', newIccid: unknown });
    expect(swap.failure).toMatchObject({
      reasonCode: 'MNO.ICCID_UNKNOWN',
      businessRejection: true,
    });

    await mno.setFaults({ endpoint: 'createOrder', stuckOrders: true });
    const stuck = await adapter.submitLineOrder({
      requestId: request(),
      iccid: line.iccid,
      change: { kind: 'deactivate' },
    });
    await waitFor(
      'order in progress',
      async () => (await adapter.getLineOrder(stuck.orderId)).state === 'inProgress',
    );
    expect(await adapter.findLine({ lineId: line.lineId })).toMatchObject({ state: 'active' });
  });

  it('treats a malformed line read as permanent MNO.MALFORMED_RESPONSE, and a slow one within the timeout as fine', async () => {
    const { adapter, mno } = rig;
    const line = await activeLine(adapter);

    await mno.setFaults({
      endpoint: 'getService',
      malformedRate: 1,
      malformedKind: 'missingFields',
    });
    const error = await adapter.findLine({ lineId: line.lineId }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PermanentError);
    expect(error).toMatchObject({ code: 'MNO.MALFORMED_RESPONSE' });

    await mno.setFaults({ endpoint: 'getService', latencyMs: 100, malformedRate: 0 });
    await expect(adapter.findLine({ lineId: line.lineId })).resolves.toMatchObject({
      state: 'active',
    });
  });

  it('reports a line read the MNO never answers as retryable MNO.TIMEOUT, after its attempts', async () => {
    const { adapter, mno } = rig;
    const line = await activeLine(adapter);
    await mno.setFaults({ endpoint: 'listServices', timeoutRate: 1 });

    const error = await adapter.findLine({ iccid: line.iccid }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(RetryableError);
    expect(error).toMatchObject({ code: 'MNO.TIMEOUT' });
    expect((await mno.stats()).calls.listServices).toMatchObject({ timeout: 3 });
  });
});
