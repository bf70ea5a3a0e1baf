import { type DynamicModule, Module } from '@nestjs/common';
import { SimulatorCoreModule } from '../shared/simulator-core.module';
import { PaymentAdminController } from './admin/payment-admin.controller';
import { PaymentSettings } from './admin/payment-settings';
import { Issuer } from './cards/issuer';
import { IdempotencyStore } from './idempotency/idempotency-store';
import { IdempotentCalls } from './idempotency/idempotent-calls';
import { PaymentIntentController } from './intents/payment-intent.controller';
import { PaymentIntentStore } from './intents/payment-intent.store';
import { PaymentIntents } from './intents/payment-intents.service';
import { RefundController } from './intents/refund.controller';
import { EffectsLedger } from './ledger/effects-ledger';
import { PAYMENT_ENDPOINTS, paymentFaultRuleSchema } from './payment-fault-rule.schema';
import { PAYMENT_OPTIONS, type PaymentModuleOptions } from './payment-options';
import { stripeErrorBody } from './stripe/stripe-error';

/** The payment processor simulator: Stripe-like payment intents and refunds, and its admin API. */
@Module({})
export class PaymentSimulatorModule {
  static forRoot(options: PaymentModuleOptions): DynamicModule {
    return {
      module: PaymentSimulatorModule,
      imports: [
        SimulatorCoreModule.forRoot({
          logger: options.logger,
          endpoints: PAYMENT_ENDPOINTS,
          faultRule: paymentFaultRuleSchema,
          initialFaults: options.faults,
          errorBody: stripeErrorBody,
        }),
      ],
      controllers: [PaymentIntentController, RefundController, PaymentAdminController],
      providers: [
        { provide: PAYMENT_OPTIONS, useValue: options },
        PaymentSettings,
        Issuer,
        PaymentIntentStore,
        EffectsLedger,
        IdempotencyStore,
        IdempotentCalls,
        PaymentIntents,
      ],
    };
  }
}
