import type { LineState } from '../lines/line.types';

/** The TMF641 v4 order states this MNO goes through; `pending` waits on a donor's port-in answer. */
export const SERVICE_ORDER_STATES = [
  'acknowledged',
  'pending',
  'inProgress',
  'completed',
  'failed',
] as const;
export type ServiceOrderState = (typeof SERVICE_ORDER_STATES)[number];

export interface Characteristic {
  name: string;
  value?: unknown;
  valueType?: string;
}

export interface ServiceOrderItem {
  id: string;
  action: 'add' | 'modify' | 'delete';
  state: ServiceOrderState;
  service: {
    id?: string;
    state?: LineState;
    serviceSpecification: { id: string };
    serviceCharacteristic: Characteristic[];
  };
}

/** TMF641 v4 ServiceOrderErrorMessage. */
export interface ServiceOrderErrorMessage {
  code: string;
  reason: string;
  message: string;
  status: 'failed';
  timestamp: string;
}

export interface ServiceOrder {
  '@type': 'ServiceOrder';
  id: string;
  href: string;
  externalId: string;
  description?: string;
  /** Not in TMF641: where this order's state changes are posted, besides the hub's listeners. */
  notificationUrl?: string;
  state: ServiceOrderState;
  orderDate: string;
  completionDate?: string;
  serviceOrderItem: ServiceOrderItem[];
  errorMessage?: ServiceOrderErrorMessage[];
}
