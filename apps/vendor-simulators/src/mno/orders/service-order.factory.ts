import { randomUUID } from 'node:crypto';
import { TMF641_BASE_PATH } from '../tmf/tmf641';
import type { CreateServiceOrder } from './create-service-order.schema';
import type { ServiceOrder } from './service-order.types';

/** The order as the MNO records it on receipt: acknowledged, nothing done yet. */
export function newServiceOrder(request: CreateServiceOrder, now: Date): ServiceOrder {
  const id = randomUUID();
  const [item] = request.serviceOrderItem;
  const { work } = request;
  const serviceId =
    work.kind === 'change' && 'serviceId' in work.target ? work.target.serviceId : undefined;
  return {
    '@type': 'ServiceOrder',
    id,
    href: `/${TMF641_BASE_PATH}/serviceOrder/${id}`,
    externalId: request.externalId,
    ...(request.description !== undefined ? { description: request.description } : {}),
    ...(request.notificationUrl !== undefined ? { notificationUrl: request.notificationUrl } : {}),
    state: 'acknowledged',
    orderDate: now.toISOString(),
    serviceOrderItem: [
      {
        id: item.id,
        action: item.action,
        state: 'acknowledged',
        service: {
          ...(serviceId !== undefined ? { id: serviceId } : {}),
          serviceSpecification: { id: item.service.serviceSpecification.id },
          serviceCharacteristic: item.service.serviceCharacteristic.map((c) => ({ ...c })),
        },
      },
    ],
  };
}
