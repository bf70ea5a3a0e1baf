/** The TMF641 v4 order states this MNO goes through. */
export type ServiceOrderState = 'acknowledged' | 'inProgress' | 'completed' | 'failed';

export interface Characteristic {
  name: string;
  value?: unknown;
  valueType?: string;
}

export interface ServiceOrderItem {
  id: string;
  action: 'add';
  state: ServiceOrderState;
  service: {
    id?: string;
    state?: 'active';
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
