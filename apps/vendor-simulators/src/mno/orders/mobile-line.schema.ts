import { z } from 'zod';
import type { Characteristic } from './service-order.types';

const required = { required_error: 'required' };

export const iccidSchema = z
  .string(required)
  .regex(/^89\d{17,18}$/, 'must be 19 or 20 digits starting with 89');

export const msisdnSchema = z
  .string()
  .regex(/^\d{8,15}$/, 'must be 8 to 15 digits (E.164 without +)');

export const portInSchema = z.object({
  donorOperator: z.string(required).min(1, 'required'),
  // Donor operators that do not ask for them leave these out (null in our contracts).
  accountNumber: z.string().min(1, 'must not be empty').nullish(),
  pin: z.string().min(1, 'must not be empty').nullish(),
});

/** What the MNO needs to activate one line, read from the order item's service characteristics. */
export const mobileLineSchema = z
  .object({
    iccid: iccidSchema,
    msisdn: msisdnSchema.optional(),
    planCode: z.string(required).min(1, 'required'),
    portIn: portInSchema.optional(),
  })
  .refine((line) => !line.portIn || line.msisdn, {
    message: 'required when porting a number in',
    path: ['msisdn'],
  });

export type MobileLine = z.infer<typeof mobileLineSchema>;

export function characteristicValues(list: readonly Characteristic[]): Record<string, unknown> {
  return Object.fromEntries(list.map(({ name, value }) => [name, value]));
}

/**
 * The characteristics, validated as a line. An issue is reported at `[iccid]`, `[portIn].pin`,
 * named by the characteristic rather than its position, which is what a caller can act on.
 */
export const mobileLineCharacteristics = characteristicsOf(mobileLineSchema);

/** A characteristic list whose values, read by name, must satisfy `values`. */
export function characteristicsOf(values: z.ZodTypeAny) {
  return z
    .array(
      z.object({
        name: z.string(required).min(1),
        value: z.unknown(),
        valueType: z.string().optional(),
      }),
    )
    .superRefine((list, ctx) => {
      const parsed = values.safeParse(characteristicValues(list));
      if (parsed.success) return;
      for (const issue of parsed.error.issues) {
        const [name, ...rest] = issue.path;
        ctx.addIssue({ code: 'custom', message: issue.message, path: [`[${name}]`, ...rest] });
      }
    });
}
