import type { LineChange, LineOrder } from '../mno-provisioning.port';

type Characteristic = { name: string; value: unknown };

/** A change is one TMF641 item: `delete` ends the line, `modify` sets a state or a characteristic. */
function itemOf(change: LineChange): { action: string; state?: string; changes: Characteristic[] } {
  switch (change.kind) {
    case 'deactivate':
      return { action: 'delete', changes: [] };
    case 'suspend':
      return {
        action: 'modify',
        state: 'suspended',
        changes: [{ name: 'suspendReason', value: change.reason }],
      };
    case 'resume':
      return { action: 'modify', state: 'active', changes: [] };
    case 'planChange':
      return { action: 'modify', changes: [{ name: 'planCode', value: change.planCode }] };
    case 'simSwap':
      return { action: 'modify', changes: [{ name: 'newIccid', value: change.newIccid }] };
    case 'portIn':
      return {
        action: 'modify',
        changes: [
          { name: 'msisdn', value: change.msisdn },
          { name: 'portIn', value: { ...change.portIn } },
        ],
      };
  }
}

/** The body of `POST /serviceOrder` that changes an existing line, named by its current ICCID. */
export function toLineOrderRequest(order: LineOrder) {
  const { action, state, changes } = itemOf(order.change);
  return {
    externalId: order.requestId,
    description: `mobile line ${order.change.kind}`,
    serviceOrderItem: [
      {
        id: '1',
        action,
        service: {
          ...(state !== undefined ? { state } : {}),
          serviceSpecification: { id: 'mobile-line' },
          serviceCharacteristic: [{ name: 'iccid', value: order.iccid }, ...changes],
        },
      },
    ],
  };
}
