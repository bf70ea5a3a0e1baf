import { z } from 'zod';
import { MOBILE_LINE_SPEC } from '../tmf/tmf641';
import {
  characteristicValues,
  mobileLineCharacteristics,
  mobileLineSchema,
} from './mobile-line.schema';

const required = { required_error: 'required' };

const httpUrl = z
  .string()
  .url('must be an http(s) URL')
  .refine((url) => /^https?:\/\//i.test(url), 'must be an http(s) URL');

const orderItem = z.object({
  id: z.string(required).min(1, 'required'),
  action: z.literal('add', { errorMap: () => ({ message: "must be 'add' (activation)" }) }),
  service: z.object(
    {
      serviceSpecification: z.object(
        {
          id: z.literal(MOBILE_LINE_SPEC, {
            errorMap: () => ({ message: `must be '${MOBILE_LINE_SPEC}'` }),
          }),
        },
        required,
      ),
      serviceCharacteristic: mobileLineCharacteristics,
    },
    required,
  ),
});

/** A TMF641 ServiceOrder create request for one mobile line, with the line read out of it. */
export const createServiceOrderSchema = z
  .object(
    {
      externalId: z.string(required).trim().min(1, 'required').max(128),
      description: z.string().max(1000).optional(),
      notificationUrl: httpUrl.optional(),
      serviceOrderItem: z
        .array(orderItem, required)
        .length(1, 'must hold exactly one item: this MNO activates one line per order'),
    },
    { required_error: 'a JSON ServiceOrder is required' },
  )
  .transform((order) => ({
    ...order,
    line: mobileLineSchema.parse(
      characteristicValues(order.serviceOrderItem[0].service.serviceCharacteristic),
    ),
  }));

export type CreateServiceOrder = z.infer<typeof createServiceOrderSchema>;

export const listServiceOrdersQuery = z.object({
  externalId: z.string().min(1).optional(),
  state: z.enum(['acknowledged', 'inProgress', 'completed', 'failed']).optional(),
});

export type ListServiceOrdersQuery = z.infer<typeof listServiceOrdersQuery>;
