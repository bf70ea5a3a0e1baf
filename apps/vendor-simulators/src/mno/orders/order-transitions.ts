import type { MnoLine } from '../lines/line.types';
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

/** Waiting on someone outside the MNO: the donor operator of a number being ported in. */
export function markPending(order: ServiceOrder): void {
  setState(order, 'pending');
}

/** The work is done: the service carries the line as it now is, numbers and state included. */
export function markCompleted(order: ServiceOrder, line: MnoLine, now: Date): void {
  setState(order, 'completed');
  order.completionDate = now.toISOString();
  for (const { service } of order.serviceOrderItem) {
    service.id = line.id;
    service.state = line.state;
    const list = service.serviceCharacteristic;
    setCharacteristic(list, 'iccid', line.iccid);
    if (line.imsi !== null) setCharacteristic(list, 'imsi', line.imsi);
    if (line.msisdn !== null) setCharacteristic(list, 'msisdn', line.msisdn);
    setCharacteristic(list, 'planCode', line.planCode);
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
