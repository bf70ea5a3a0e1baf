import { Injectable } from '@nestjs/common';
import type { ListServiceOrdersQuery, OrderWork } from './create-service-order.schema';
import type { ServiceOrder, ServiceOrderState } from './service-order.types';

export interface OrderRecord {
  order: ServiceOrder;
  work: OrderWork;
  /** An activation's line, designed when the order arrives. */
  lineId?: string;
}

/** Every order received, in arrival order; a real MNO keeps them, duplicates included. */
@Injectable()
export class ServiceOrderStore {
  private readonly orders = new Map<string, OrderRecord>();

  add(record: OrderRecord): void {
    this.orders.set(record.order.id, record);
  }

  get(id: string): ServiceOrder | undefined {
    return this.orders.get(id)?.order;
  }

  find(query: ListServiceOrdersQuery): ServiceOrder[] {
    return [...this.orders.values()]
      .map(({ order }) => order)
      .filter((order) => query.externalId === undefined || order.externalId === query.externalId)
      .filter((order) => query.state === undefined || order.state === query.state);
  }

  countByState(): Record<ServiceOrderState, number> {
    const counts = { acknowledged: 0, pending: 0, inProgress: 0, completed: 0, failed: 0 };
    for (const { order } of this.orders.values()) counts[order.state] += 1;
    return counts;
  }

  clear(): void {
    this.orders.clear();
  }
}

/** Orders change under timers; callers get a copy frozen at the time of the answer. */
export function snapshot(order: ServiceOrder): ServiceOrder {
  return structuredClone(order);
}
