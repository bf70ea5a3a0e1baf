import { waitFor } from '../../support/test-infra';
import {
  characteristic,
  mobileLineOrder,
  type MnoTestClient,
  newIccid,
  useTestSimulator,
  type WireOrder,
} from './mno-simulator.harness';

describe('MNO simulator: TMF641 service order lifecycle', () => {
  let mno: MnoTestClient;
  useTestSimulator((started) => (mno = started));

  const orderIn = (id: string, state: string) =>
    waitFor(`order ${id} ${state}`, async () => {
      const { json } = await mno.getOrder(id);
      return json.state === state && json;
    });

  it('acknowledges an order with 201, then completes it with an IMSI and the requested MSISDN', async () => {
    const request = mobileLineOrder({ msisdn: '14155550123' });
    const created = await mno.createOrder(request);

    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ externalId: request.externalId, state: 'acknowledged' });
    expect(created.json.href).toBe(`/tmf-api/serviceOrdering/v4/serviceOrder/${created.json.id}`);
    expect(Date.parse(created.json.orderDate)).not.toBeNaN();

    const completed = await orderIn(created.json.id, 'completed');
    expect(characteristic(completed, 'imsi')).toMatch(/^310260\d{9}$/);
    expect(characteristic(completed, 'msisdn')).toBe('14155550123');
    expect(completed.serviceOrderItem[0]).toMatchObject({ state: 'completed' });
  });

  it('assigns a unique MSISDN and IMSI to lines that asked for none', async () => {
    const first = await mno.createOrder(mobileLineOrder());
    const second = await mno.createOrder(mobileLineOrder());
    const a = await orderIn(first.json.id, 'completed');
    const b = await orderIn(second.json.id, 'completed');

    expect(characteristic(a, 'msisdn')).toMatch(/^\d{11}$/);
    expect(characteristic(a, 'msisdn')).not.toBe(characteristic(b, 'msisdn'));
    expect(characteristic(a, 'imsi')).not.toBe(characteristic(b, 'imsi'));
  });

  it('passes through inProgress on the way to completed', async () => {
    const states = new Set<string>();
    const created = await mno.createOrder(mobileLineOrder());
    await waitFor(
      'completion',
      async () => {
        const { json } = await mno.getOrder(created.json.id);
        states.add(json.state);
        return json.state === 'completed';
      },
      10_000,
      5,
    );
    expect([...states]).toEqual(expect.arrayContaining(['inProgress', 'completed']));
  });

  it('finds an order by id and by externalId', async () => {
    const request = mobileLineOrder();
    const created = await mno.createOrder(request);

    expect((await mno.getOrder(created.json.id)).json.externalId).toBe(request.externalId);
    const found = await mno.ordersFor(request.externalId);
    expect(found.map((o) => o.id)).toEqual([created.json.id]);
    expect(await mno.ordersFor('no-such-activation')).toEqual([]);
  });

  it('creates a second order for a repeated externalId, and lists the ICCID twice, the second as a duplicate', async () => {
    const request = mobileLineOrder();
    const iccid = characteristic(request as unknown as WireOrder, 'iccid') as string;
    const first = await mno.createOrder(request);
    const second = await mno.createOrder(request);

    expect(second.status).toBe(201);
    expect(second.json.id).not.toBe(first.json.id);
    await orderIn(first.json.id, 'completed');
    await orderIn(second.json.id, 'completed');
    expect(await mno.ordersFor(request.externalId)).toHaveLength(2);
    const lines = await mno.provisioned(iccid);
    expect(lines.map((l) => [l.orderId, l.duplicate])).toEqual([
      [first.json.id, false],
      [second.json.id, true],
    ]);
    expect(lines[0]).toMatchObject({
      iccid,
      planCode: 'UNL-5G-30',
      externalId: request.externalId,
    });
  });

  it('fails an order for an ICCID the network does not know with ICCID_UNKNOWN, provisioning nothing', async () => {
    const iccid = newIccid();
    await mno.setFaults({ endpoint: 'createOrder', unknownIccids: [iccid] });
    const created = await mno.createOrder(mobileLineOrder({ iccid }));

    const failed = await orderIn(created.json.id, 'failed');
    expect(failed.errorMessage).toEqual([
      expect.objectContaining({ code: 'ICCID_UNKNOWN', reason: 'ICCID unknown to the network' }),
    ]);
    expect(failed.errorMessage?.[0].message).not.toContain(iccid);
    expect(await mno.provisioned(iccid)).toEqual([]);
  });

  it('leaves orders inProgress for good while stuckOrders is set', async () => {
    await mno.setFaults({ endpoint: 'createOrder', stuckOrders: true });
    const stuck = await mno.createOrder(mobileLineOrder());
    await orderIn(stuck.json.id, 'inProgress');
    await mno.call('DELETE', '/admin/faults');

    // An order received later with the same delay has completed: the stuck one had all the time it needed.
    const later = await mno.createOrder(mobileLineOrder());
    await orderIn(later.json.id, 'completed');
    expect((await mno.getOrder(stuck.json.id)).json.state).toBe('inProgress');
  });

  it('rejects an order without an ICCID with a TMF 400 naming the characteristic', async () => {
    const request = mobileLineOrder();
    const service = request.serviceOrderItem[0].service;
    service.serviceCharacteristic = service.serviceCharacteristic.filter((c) => c.name !== 'iccid');

    const answer = await mno.createOrder(request);
    expect(answer.status).toBe(400);
    expect(answer.error).toMatchObject({ code: 'INVALID_REQUEST', status: '400' });
    expect(answer.error.message).toContain('serviceCharacteristic[iccid]');
    expect(await mno.ordersFor(request.externalId)).toEqual([]);
  });

  it.each([
    ['externalId', { ...mobileLineOrder(), externalId: undefined }],
    ['serviceOrderItem', { ...mobileLineOrder(), serviceOrderItem: [] }],
    ['serviceCharacteristic[msisdn]', mobileLineOrder({ msisdn: 'not-a-number' })],
    [
      'serviceCharacteristic[portIn].donorOperator',
      mobileLineOrder({ msisdn: '14155550123', portIn: { pin: '1234' } }),
    ],
  ])('rejects an invalid %s with a 400 naming it', async (field, body) => {
    const answer = await mno.createOrder(body);
    expect(answer.status).toBe(400);
    expect(answer.error.message).toContain(field);
  });

  it('accepts a port-in with the number being ported', async () => {
    const portIn = { donorOperator: 'Donor Mobile', accountNumber: '998877', pin: '4321' };
    const created = await mno.createOrder(mobileLineOrder({ msisdn: '14155550199', portIn }));
    const completed = await orderIn(created.json.id, 'completed');
    expect(characteristic(completed, 'msisdn')).toBe('14155550199');
  });

  it('answers 404 in TMF format for an order it never received', async () => {
    const answer = await mno.getOrder('no-such-order');
    expect(answer.status).toBe(404);
    expect(answer.error).toMatchObject({ code: 'NOT_FOUND', status: '404' });
  });

  it('forgets orders, provisioned lines and faults on reset', async () => {
    const created = await mno.createOrder(mobileLineOrder());
    await orderIn(created.json.id, 'completed');
    await mno.setFaults({ endpoint: '*', outage: true });

    await mno.reset();
    expect((await mno.call('GET', '/admin/faults')).json).toEqual([]);
    expect((await mno.getOrder(created.json.id)).status).toBe(404);
    expect(await mno.provisioned()).toEqual([]);
  });

  it('completes orders after the completion delay set through the admin API', async () => {
    const set = await mno.call('PUT', '/admin/settings', { completionDelayMs: 0 });
    expect(set.json).toEqual({ completionDelayMs: 0, portInDecisionMs: 0, hubDelivery: true });
    const created = await mno.createOrder(mobileLineOrder());
    await orderIn(created.json.id, 'completed');
    await mno.call('PUT', '/admin/settings', { completionDelayMs: 100 });
  });
});
