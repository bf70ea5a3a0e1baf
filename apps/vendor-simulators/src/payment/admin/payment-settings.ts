import { Inject, Injectable } from '@nestjs/common';
import { z } from 'zod';
import {
  MAX_AUTHORIZATION_TTL_MS,
  PAYMENT_OPTIONS,
  type PaymentModuleOptions,
} from '../payment-options';

export const paymentSettingsSchema = z
  .object({ authorizationTtlMs: z.number().int().min(1).max(MAX_AUTHORIZATION_TTL_MS) })
  .strict();

export type PaymentSettingsValues = z.infer<typeof paymentSettingsSchema>;

/** Behaviour an operator may change at run time; authorizations already made keep their expiry. */
@Injectable()
export class PaymentSettings {
  authorizationTtlMs: number;

  constructor(@Inject(PAYMENT_OPTIONS) options: PaymentModuleOptions) {
    this.authorizationTtlMs = options.authorizationTtlMs;
  }

  values(): PaymentSettingsValues {
    return { authorizationTtlMs: this.authorizationTtlMs };
  }

  update(values: PaymentSettingsValues): PaymentSettingsValues {
    this.authorizationTtlMs = values.authorizationTtlMs;
    return this.values();
  }
}
