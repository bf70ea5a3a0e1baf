import { randomUUID } from 'node:crypto';
import { waitFor } from '../../support/test-infra';
import { startListener } from '../mno-simulator/mno-simulator.harness';
import { activeLine, settled, useAdapterAndSimulator } from './line-orders.harness';

const NUMBER = '14155550177';
const DONOR = { msisdn: NUMBER, accountNumber: 'ACC-77', pin: '7777' };

describe('MNO adapter: port-in and port-out against the MNO simulator', () => {
  const rig = useAdapterAndSimulator();

  beforeEach(async () => {
    await rig.mno.settings({ portInDecisionMs: 600 });
    const registered = await rig.mno.call('POST', '/admin/donor-accounts', DONOR);
    expect(registered.status).toBe(201);
  });

  const portIn = async (details: { accountNumber: string; pin: string }) => {
    const { adapter } = rig;
    const line = await activeLine(adapter);
    const change = {
      kind: 'portIn' as const,
      msisdn: NUMBER,
      portIn: { donorOperator: 'Donor Mobile', ...details },
    };
    const order = await adapter.submitLineOrder({
      requestId: `req-${randomUUID()}`,
      iccid: line.iccid,
      change,
    });
    return { line, order };
  };

  it('holds the port-in while the donor decides, then completes it with the ported number', async () => {
    const { adapter } = rig;
    const { line, order } = await portIn({ accountNumber: 'ACC-77', pin: '7777' });

    await waitFor('port-in held for the donor', async () => {
      const now = await adapter.getLineOrder(order.orderId);
      return now.state === 'held';
    });
    const done = await settled(adapter, order);

    expect(done).toMatchObject({
      state: 'completed',
      line: { lineId: line.lineId, msisdn: NUMBER },
    });
    expect(await adapter.findLine({ msisdn: NUMBER })).toMatchObject({ lineId: line.lineId });
  });

  it.each([
    ['a wrong PIN', { accountNumber: 'ACC-77', pin: '0000' }, 'MNO.PORT_IN_PIN_MISMATCH'],
    [
      'a wrong account number',
      { accountNumber: 'ACC-1', pin: '7777' },
      'MNO.PORT_IN_ACCOUNT_MISMATCH',
    ],
  ])(
    'fails a port-in with %s as a business rejection once the donor answers',
    async (_, details, reasonCode) => {
      const { adapter, mno } = rig;
      const { line, order } = await portIn(details);

      const done = await settled(adapter, order);

      expect(done).toMatchObject({
        state: 'failed',
        failure: { reasonCode, businessRejection: true },
      });
      expect(await adapter.findLine({ lineId: line.lineId })).toMatchObject({
        msisdn: line.msisdn,
      });
      expect((await mno.effects(line.lineId)).map((e) => e.kind)).toEqual(['activated']);
    },
  );

  it('ports a number out on demand: the line ends, the ledger says so and hub listeners are told', async () => {
    const { adapter, mno } = rig;
    const listener = await startListener();
    const hub = await mno.call<{ id: string }>('POST', '/tmf-api/serviceOrdering/v4/hub', {
      callback: listener.url,
    });
    try {
      const line = await activeLine(adapter);

      const answer = await mno.call('POST', '/admin/port-out', {
        msisdn: line.msisdn,
        recipientOperator: 'Other Mobile',
      });

      expect(answer.status).toBe(201);
      expect(await adapter.findLine({ lineId: line.lineId })).toMatchObject({
        state: 'terminated',
      });
      expect((await mno.effects(line.lineId)).at(-1)).toMatchObject({
        kind: 'portedOut',
        orderId: null,
      });
      const notice = await waitFor('port-out notice', () =>
        (listener.received as unknown[]).find(
          (e) => (e as { eventType: string }).eventType === 'ServiceStateChangeEvent',
        ),
      );
      expect(notice).toMatchObject({
        event: {
          service: {
            id: line.lineId,
            state: 'terminated',
            serviceCharacteristic: expect.arrayContaining([
              {
                name: 'portOut',
                value: expect.objectContaining({ recipientOperator: 'Other Mobile' }),
              },
            ]),
          },
        },
      });
      const again = await mno.call('POST', '/admin/port-out', {
        msisdn: line.msisdn,
        recipientOperator: 'X',
      });
      expect(again.status).toBe(404);
    } finally {
      await mno.call('DELETE', `/tmf-api/serviceOrdering/v4/hub/${hub.json.id}`);
      await listener.close();
    }
  });
});
