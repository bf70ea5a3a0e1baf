import { randomUUID } from 'node:crypto';
import { type LineChange, lineOrderError } from '@handoff/mno-provisioning';
import { BusinessRejection } from '@handoff/resilience';
import { newIccid } from '../mno-simulator/mno-simulator.harness';
import { activeLine, changeLine, useAdapterAndSimulator } from './line-orders.harness';

describe('MNO adapter: lifecycle orders against the MNO simulator', () => {
  const rig = useAdapterAndSimulator();

  it('completes a plan change, suspend, resume, SIM swap, port-in and deactivation, each shown by the line read and recorded in order', async () => {
    const { adapter, mno } = rig;
    const line = await activeLine(adapter);
    const newSim = newIccid();

    const plan = await changeLine(adapter, line.iccid, { kind: 'planChange', planCode: 'PLAN-B' });
    expect(plan).toMatchObject({ state: 'completed', line: { planCode: 'PLAN-B' } });
    await changeLine(adapter, line.iccid, { kind: 'suspend', reason: 'nonPayment' });
    expect(await adapter.findLine({ lineId: line.lineId })).toMatchObject({ state: 'suspended' });
    await changeLine(adapter, line.iccid, { kind: 'resume' });
    expect(await adapter.findLine({ iccid: line.iccid })).toMatchObject({ state: 'active' });
    const swap = await changeLine(adapter, line.iccid, { kind: 'simSwap', newIccid: newSim });
    expect(swap.line).toMatchObject({ lineId: line.lineId, iccid: newSim });
    expect(swap.line?.imsi).not.toBe(line.imsi);
    const portIn = { donorOperator: 'Donor Mobile', accountNumber: 'ACC-1', pin: '1234' };
    await changeLine(adapter, newSim, { kind: 'portIn', msisdn: '14155550123', portIn });
    expect(await adapter.findLine({ msisdn: '14155550123' })).toMatchObject({
      lineId: line.lineId,
      iccid: newSim,
    });
    await changeLine(adapter, newSim, { kind: 'deactivate' });
    expect(await adapter.findLine({ lineId: line.lineId })).toMatchObject({ state: 'terminated' });

    const effects = await mno.effects(line.lineId);
    expect(effects.map((e) => e.kind)).toEqual([
      'activated',
      'planChanged',
      'suspended',
      'resumed',
      'simSwapped',
      'portedIn',
      'deactivated',
    ]);
    expect(effects[2].detail).toEqual({ reason: 'nonPayment' });
  });

  it('reads no line for an id, ICCID or number the MNO does not know', async () => {
    await expect(rig.adapter.findLine({ lineId: randomUUID() })).resolves.toBeUndefined();
    await expect(rig.adapter.findLine({ iccid: newIccid() })).resolves.toBeUndefined();
    await expect(rig.adapter.findLine({ msisdn: '14155559999' })).resolves.toBeUndefined();
  });

  const noLine = () => Promise.resolve({ iccid: newIccid(), lineId: undefined });
  const anActiveLine = () => activeLine(rig.adapter);
  const aTerminatedLine = async () => {
    const line = await activeLine(rig.adapter);
    await changeLine(rig.adapter, line.iccid, { kind: 'deactivate' });
    return line;
  };

  it.each<[string, string, () => Promise<{ iccid: string; lineId?: string }>, LineChange]>([
    ['a resume of an active line', 'MNO.LINE_NOT_SUSPENDED', anActiveLine, { kind: 'resume' }],
    [
      'a plan change of a line the MNO does not have',
      'MNO.LINE_NOT_FOUND',
      noLine,
      { kind: 'planChange', planCode: 'PLAN-B' },
    ],
    [
      'a suspend of a terminated line',
      'MNO.LINE_TERMINATED',
      aTerminatedLine,
      { kind: 'suspend', reason: 'fraud' },
    ],
  ])(
    'fails %s as a business rejection %s, changing nothing',
    async (_, reasonCode, given, change) => {
      const { adapter, mno } = rig;
      const line = await given();
      const effectsBefore = line.lineId ? await mno.effects(line.lineId) : [];

      const order = await changeLine(adapter, line.iccid, change);

      expect(order).toMatchObject({
        state: 'failed',
        failure: { reasonCode, businessRejection: true },
      });
      if (!order.failure) throw new Error('a failed order without its failure');
      const error = lineOrderError(order.failure);
      expect(error).toBeInstanceOf(BusinessRejection);
      expect(error).toMatchObject({ code: reasonCode, reason: reasonCode.replace('MNO.', '') });
      if (line.lineId) expect(await mno.effects(line.lineId)).toEqual(effectsBefore);
    },
  );

  it('refuses a SIM swap to an ICCID bound to another line as MNO.ICCID_IN_USE', async () => {
    const { adapter } = rig;
    const [line, other] = [await activeLine(adapter), await activeLine(adapter)];

    const order = await changeLine(adapter, line.iccid, { kind: 'simSwap', newIccid: other.iccid });

    expect(order.failure).toMatchObject({
      reasonCode: 'MNO.ICCID_IN_USE',
      businessRejection: true,
    });
    expect(await adapter.findLine({ lineId: line.lineId })).toMatchObject({ iccid: line.iccid });
  });

  it('finds the order after a create that timed out, and a redelivered request, instead of submitting again', async () => {
    const { adapter, mno } = rig;
    const line = await activeLine(adapter);
    const createsBefore = (await mno.stats()).calls.createOrder.total;
    await mno.setFaults({ endpoint: 'createOrder', processThenTimeout: true });
    const request = { requestId: `req-${randomUUID()}`, iccid: line.iccid };

    const first = await adapter.submitLineOrder({
      ...request,
      change: { kind: 'suspend', reason: 'lostSim' },
    });
    await mno.call('DELETE', '/admin/faults');
    const again = await adapter.submitLineOrder({
      ...request,
      change: { kind: 'suspend', reason: 'lostSim' },
    });

    expect(again.orderId).toBe(first.orderId);
    expect(await mno.ordersFor(request.requestId)).toHaveLength(1);
    expect((await mno.stats()).calls.createOrder).toMatchObject({
      total: createsBefore + 1,
      slowAnswer: 1,
    });
  });
});
