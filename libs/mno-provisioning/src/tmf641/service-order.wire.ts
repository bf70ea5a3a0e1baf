import { z } from 'zod';
import type { ActivationOrder } from '../mno-provisioning.port';

/**
 * The MNO's wire format: TM Forum TMF641 (v4) Service Ordering, as far as we use it. These types
 * never leave the lib; `service-order.mapping.ts` turns them into our `MnoOrder`.
 */
export const SERVICE_ORDER_STATES = [
  'acknowledged',
  'rejected',
  'pending',
  'held',
  'inProgress',
  'cancelled',
  'completed',
  'failed',
  'partial',
  'assessingCancellation',
  'pendingCancellation',
] as const;

export type ServiceOrderState = (typeof SERVICE_ORDER_STATES)[number];

const characteristicSchema = z.object({ name: z.string(), value: z.unknown() });

export const serviceOrderSchema = z.object({
  id: z.string().min(1),
  externalId: z.string().min(1),
  state: z.enum(SERVICE_ORDER_STATES),
  serviceOrderItem: z
    .array(
      z.object({
        service: z
          .object({
            id: z.string().optional(),
            state: z.string().optional(),
            serviceCharacteristic: z.array(characteristicSchema).optional(),
          })
          .optional(),
      }),
    )
    .optional(),
  errorMessage: z
    .array(
      z.object({
        code: z.string().optional(),
        reason: z.string().optional(),
        message: z.string().optional(),
      }),
    )
    .optional(),
});

export const serviceOrderListSchema = z.array(serviceOrderSchema);

export type ServiceOrder = z.infer<typeof serviceOrderSchema>;

/** The body of `POST /serviceOrder` for one mobile line. */
export function toServiceOrderRequest(order: ActivationOrder) {
  const characteristics: { name: string; value: unknown }[] = [
    { name: 'iccid', value: order.iccid },
  ];
  if (order.msisdn !== null) characteristics.push({ name: 'msisdn', value: order.msisdn });
  characteristics.push({ name: 'planCode', value: order.planCode });
  if (order.portIn !== null) characteristics.push({ name: 'portIn', value: { ...order.portIn } });
  return {
    externalId: order.activationId,
    description: 'mobile line activation',
    serviceOrderItem: [
      {
        id: '1',
        action: 'add',
        service: {
          serviceSpecification: { id: 'mobile-line' },
          serviceCharacteristic: characteristics,
        },
      },
    ],
  };
}
