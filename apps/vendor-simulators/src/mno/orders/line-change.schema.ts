import { z } from 'zod';
import { type LineChange, type LineTarget, SUSPEND_REASONS } from '../lines/line.types';
import { MOBILE_LINE_SPEC } from '../tmf/tmf641';
import {
  characteristicsOf,
  characteristicValues,
  iccidSchema,
  msisdnSchema,
  portInSchema,
} from './mobile-line.schema';

const required = { required_error: 'required' };

/** The characteristics a `modify` or `delete` item may carry, read by name. */
const changeValues = z
  .object({
    // The line's current ICCID, naming the line when the item has no `service.id`.
    iccid: iccidSchema.optional(),
    planCode: z.string().min(1, 'must not be empty').optional(),
    newIccid: iccidSchema.optional(),
    msisdn: msisdnSchema.optional(),
    portIn: portInSchema.optional(),
    suspendReason: z.enum(SUSPEND_REASONS).optional(),
  })
  .refine((values) => !values.portIn || values.msisdn, {
    message: 'required when porting a number in',
    path: ['msisdn'],
  });

type ChangeValues = z.infer<typeof changeValues>;

/** The changes a `modify` item asks for; the order is refused unless there is exactly one. */
function requestedChanges(values: ChangeValues, state: string | undefined): LineChange[] {
  const changes: LineChange[] = [];
  if (state === 'suspended')
    changes.push({ kind: 'suspend', reason: values.suspendReason ?? null });
  if (state === 'active') changes.push({ kind: 'resume' });
  if (values.planCode) changes.push({ kind: 'planChange', planCode: values.planCode });
  if (values.newIccid) changes.push({ kind: 'simSwap', newIccid: values.newIccid });
  if (values.portIn && values.msisdn) {
    changes.push({ kind: 'portIn', msisdn: values.msisdn, portIn: values.portIn });
  }
  return changes;
}

/**
 * A TMF641 item that changes an existing line: `modify` with the new `service.state` (suspend,
 * resume) or one changed characteristic (`planCode`, `newIccid`, `msisdn` with `portIn`), or
 * `delete` (deactivate). The line is `service.id`, else the line now holding `iccid`.
 */
export const lineChangeItem = z
  .object({
    id: z.string(required).min(1, 'required'),
    action: z.enum(['modify', 'delete']),
    service: z.object(
      {
        id: z.string().min(1, 'must not be empty').optional(),
        state: z
          .enum(['active', 'suspended'], {
            errorMap: () => ({ message: "must be 'suspended' (suspend) or 'active' (resume)" }),
          })
          .optional(),
        serviceSpecification: z.object(
          {
            id: z.literal(MOBILE_LINE_SPEC, {
              errorMap: () => ({ message: `must be '${MOBILE_LINE_SPEC}'` }),
            }),
          },
          required,
        ),
        serviceCharacteristic: characteristicsOf(changeValues),
      },
      required,
    ),
  })
  .transform((item, ctx) => {
    const values = changeValues.parse(characteristicValues(item.service.serviceCharacteristic));
    const target: LineTarget | undefined = item.service.id
      ? { serviceId: item.service.id }
      : values.iccid
        ? { iccid: values.iccid }
        : undefined;
    if (!target) {
      ctx.addIssue({
        code: 'custom',
        message: 'service.id or an iccid characteristic is required',
        path: ['service', 'id'],
      });
      return z.NEVER;
    }
    if (item.action === 'delete')
      return {
        ...item,
        work: { kind: 'change' as const, target, change: { kind: 'deactivate' as const } },
      };
    const changes = requestedChanges(values, item.service.state);
    if (changes.length !== 1) {
      ctx.addIssue({
        code: 'custom',
        message: `a modify item changes exactly one thing (state, planCode, newIccid or msisdn with portIn); found ${changes.length}`,
        path: ['service'],
      });
      return z.NEVER;
    }
    return { ...item, work: { kind: 'change' as const, target, change: changes[0] } };
  });
