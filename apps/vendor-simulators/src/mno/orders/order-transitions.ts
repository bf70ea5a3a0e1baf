import { randomUUID } from 'node:crypto';
import type { Characteristic, ServiceOrder, ServiceOrderState } from './service-order.types';

function setState(order: ServiceOrder, state: ServiceOrderState): void {
  order.state = state;
  order.serviceOrderItem.forEach((item) => (item.state = state));
}

function setCharacteristic(list: Characteristic[], name: string, value: string): void {
  const existing = list.find((c) => c.name === name);
  if (existing) existing.value = value;
  else list.push({ name, value });
}

export function markInProgress(order: ServiceOrder): void {
  setState(order, 'inProgress');
}

/** The line is live: the service gets an id and carries the numbers the network assigned. */
export function markCompleted(
  order: ServiceOrder,
  assigned: { imsi: string; msisdn: string },
  now: Date,
): void {
  setState(order, 'completed');
  order.completionDate = now.toISOString();
  for (const { service } of order.serviceOrderItem) {
    service.id = randomUUID();
    service.state = 'active';
    setCharacteristic(service.serviceCharacteristic, 'imsi', assigned.imsi);
    setCharacteristic(service.serviceCharacteristic, 'msisdn', assigned.msisdn);
  }
}

export function markFailed(
  order: ServiceOrder,
  error: { code: string; reason: string; message: string },
  now: Date,
): void {
  setState(order, 'failed');
  order.completionDate = now.toISOString();
  order.errorMessage = [{ ...error, status: 'failed', timestamp: now.toISOString() }];
}
