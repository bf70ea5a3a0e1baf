import { z } from 'zod';
import { isIsoCountryCode } from './iso-country-codes';
import { iccidProblem } from './luhn';

/** E.164: a plus sign, then 8 to 15 digits, the first not a zero. */
export const E164 = /^\+[1-9]\d{7,14}$/;
/** A string of only digits, spaces and dashes this long is a card number, never a token. */
const LOOKS_LIKE_CARD_NUMBER = /^[\d\s-]{12,}$/;

export const text = (max: number) =>
  z
    .string({ required_error: 'required', invalid_type_error: 'must be a string' })
    .trim()
    .min(1, 'must not be empty')
    .max(max, `must be at most ${max} characters`);

const optionalText = (max: number) => text(max).nullish();

const iccid = z
  .string({ required_error: 'required', invalid_type_error: 'must be a string of digits' })
  .superRefine((value, ctx) => {
    const problem = iccidProblem(value);
    if (problem) ctx.addIssue({ code: z.ZodIssueCode.custom, message: problem });
  });

const msisdn = z
  .string({
    required_error:
      'required: the number to activate, or with portIn the number to port, in E.164 (e.g. +14155550123)',
    invalid_type_error: 'must be a string',
  })
  .regex(E164, 'must be E.164: a plus sign and 8 to 15 digits, e.g. +14155550123');

const portIn = z
  .object({ donorOperator: text(64), accountNumber: text(64), pin: text(32) })
  .strict()
  .nullish();

const countryCode = z
  .string({ required_error: 'required', invalid_type_error: 'must be a string' })
  .transform((code) => code.trim().toUpperCase())
  .refine(isIsoCountryCode, 'must be an ISO 3166-1 alpha-2 country code, e.g. US');

const serviceAddress = z
  .object(
    {
      line1: text(200),
      line2: optionalText(200),
      city: text(100),
      county: optionalText(100),
      stateOrProvince: text(3)
        .transform((code) => code.toUpperCase())
        .refine(
          (code) => /^[A-Z0-9]{1,3}$/.test(code),
          'must be an ISO 3166-2 subdivision code without the country prefix, e.g. CA',
        ),
      postalCode: text(16),
      countryCode,
    },
    { required_error: 'required', invalid_type_error: 'must be an object' },
  )
  .strict();

const chargeLine = z
  .object({
    chargeCode: text(64),
    description: text(200),
    amount: z
      .object({
        amountMinor: z
          .number({ required_error: 'required', invalid_type_error: 'must be a number' })
          .int('must be a whole number of minor units')
          .min(0, 'must not be negative')
          .max(100_000_000, 'is implausibly large'),
        currency: z
          .string({ required_error: 'required' })
          .regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code, e.g. USD'),
      })
      .strict(),
  })
  .strict();

/** A catalogue code, e.g. UNL-5G-30; whether it is an active plan is checked against the catalogue. */
export const planCodeField = text(32);

/** What a dealer sends to activate a SIM. Unknown fields are refused rather than silently dropped. */
export const activationRequestSchema = z
  .object({
    iccid,
    msisdn,
    portIn,
    planCode: planCodeField,
    serviceAddress,
    charges: z.array(chargeLine).max(20, 'at most 20 charge lines').default([]),
    paymentMethodToken: text(128)
      .refine(
        (token) => !LOOKS_LIKE_CARD_NUMBER.test(token),
        'must be a payment processor token; card numbers are never accepted',
      )
      .nullish(),
    dealerReference: optionalText(64),
  })
  .strict();

/** A request that passed every rule. */
export type ActivationRequest = z.output<typeof activationRequestSchema>;
/** What a client writes (before trimming and defaults). */
export type ActivationRequestInput = z.input<typeof activationRequestSchema>;
