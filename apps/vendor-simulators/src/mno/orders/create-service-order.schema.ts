import { z } from 'zod';
import { MOBILE_LINE_SPEC } from '../tmf/tmf641';
import { SERVICE_ORDER_STATES } from './service-order.types';
import { lineChangeItem } from './line-change.schema';
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

const addItem = z
  .object({
    id: z.string(required).min(1, 'required'),
    action: z.literal('add'),
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
  })
  .transform((item) => ({
    ...item,
    work: {
      kind: 'activate' as const,
      line: mobileLineSchema.parse(characteristicValues(item.service.serviceCharacteristic)),
    },
  }));

const ACTIONS = ['add', 'modify', 'delete'] as const;
const action = z.object({
  action: z.enum(ACTIONS, {
    errorMap: () => ({
      message: "must be 'add' (activate), 'modify' (change a line) or 'delete' (deactivate)",
    }),
  }),
});

/** An item read by the schema of its action, so that a problem is named for that action. */
const orderItem = z.unknown().transform((value, ctx) => {
  const named = action.safeParse(value);
  const schema = named.success && named.data.action !== 'add' ? lineChangeItem : addItem;
  const parsed = named.success ? schema.safeParse(value) : named;
  if (parsed.success) return parsed.data;
  for (const issue of parsed.error.issues) ctx.addIssue(issue);
  return z.NEVER;
});

/** A TMF641 ServiceOrder create request for one mobile line, with the work read out of its item. */
export const createServiceOrderSchema = z
  .object(
    {
      externalId: z.string(required).trim().min(1, 'required').max(128),
      description: z.string().max(1000).optional(),
      notificationUrl: httpUrl.optional(),
      serviceOrderItem: z
        .array(orderItem, required)
        .length(1, 'must hold exactly one item: this MNO handles one line per order'),
    },
    { required_error: 'a JSON ServiceOrder is required' },
  )
  .transform((order) => ({ ...order, work: order.serviceOrderItem[0].work }));

export type CreateServiceOrder = z.infer<typeof createServiceOrderSchema>;

/** What an order asks the network to do: activate a line, or change one it has. */
export type OrderWork = CreateServiceOrder['work'];

export const listServiceOrdersQuery = z.object({
  externalId: z.string().min(1).optional(),
  state: z.enum(SERVICE_ORDER_STATES).optional(),
});

export type ListServiceOrdersQuery = z.infer<typeof listServiceOrdersQuery>;
