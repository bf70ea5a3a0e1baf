import { z } from 'zod';
import {
  SERVICE_PAIRS,
  SERVICE_TYPES,
  TRANSACTION_TYPES,
} from '../jurisdictions/jurisdiction.types';

const required = { required_error: 'required' };

/** Amounts are integers in minor units (cents): a float on the wire is refused, not rounded. */
const minorUnits = z
  .number(required)
  .int('must be an integer amount in minor units (cents)')
  .min(-1e12)
  .max(1e12);

const documentCode = z
  .string(required)
  .trim()
  .min(1, 'required')
  .max(150)
  .regex(/^[A-Za-z0-9._:-]+$/, 'letters, digits and . _ : - only');

const chargeLine = z
  .object({
    ref: z.string(required).min(1, 'required').max(64),
    transactionType: z.enum(TRANSACTION_TYPES),
    serviceType: z.enum(SERVICE_TYPES),
    amount: minorUnits,
    lines: z.number().int().min(1).max(10_000).default(1),
  })
  .refine((line) => SERVICE_PAIRS[line.transactionType].includes(line.serviceType), {
    message: 'this transactionType has no such serviceType',
    path: ['serviceType'],
  });

const serviceAddress = z.object({
  street: z.string().max(200).optional(),
  city: z.string().max(100).optional(),
  state: z.string(required).length(2, 'a two-letter state code'),
  postalCode: z.string(required).regex(/^\d{5}(-\d{4})?$/, 'a US ZIP code'),
  country: z.string().length(2).default('US'),
});

export type ServiceAddressInput = z.infer<typeof serviceAddress>;

const lines = z
  .array(chargeLine, required)
  .min(1, 'at least one line')
  .max(100)
  .refine((all) => new Set(all.map((l) => l.ref)).size === all.length, 'refs must be unique');

/** `POST /documents/calculate`: one document, taxed where the service is used. */
export const calculateRequestSchema = z
  .object({
    documentCode,
    transactionDate: z.string(required).date('must be a date, YYYY-MM-DD'),
    currency: z.literal('USD', {
      errorMap: () => ({ message: "must be 'USD': the engine taxes US services" }),
    }),
    serviceAddress: serviceAddress.optional(),
    jurisdictionCode: z.string().min(1).max(64).optional(),
    lines,
  })
  .strict()
  .refine((r) => (r.serviceAddress === undefined) !== (r.jurisdictionCode === undefined), {
    message: 'give exactly one of serviceAddress and jurisdictionCode',
    path: ['serviceAddress'],
  });

export type CalculateRequest = z.infer<typeof calculateRequestSchema>;

export const adjustRequestSchema = z
  .object({
    adjustmentCode: documentCode,
    reason: z.string(required).min(1, 'required').max(200),
    lines,
  })
  .strict();

export type AdjustRequest = z.infer<typeof adjustRequestSchema>;

export const voidRequestSchema = z
  .object({ reason: z.string(required).min(1, 'required').max(200) })
  .strict();

export const geocodeRequestSchema = z.object({ serviceAddress }).strict();

export type GeocodeRequest = z.infer<typeof geocodeRequestSchema>;
