import type { INestMicroservice } from '@nestjs/common';
import { dunningClock, type Clock } from '@handoff/dunning';
import type { HealthHttpOptions } from '@handoff/health';
import { ConsumerGroups, Topics } from '@handoff/messaging';
import { startConsumerService } from '@handoff/messaging-nest';
import type { LogLevel } from '@handoff/observability';
import type { PaymentCheckpointHook } from '@handoff/payment-requests';
import type { PaymentsServiceConfig } from './payments-service.config';
import { PaymentsModule } from './payments.module';

export interface PaymentsStartOptions extends Omit<PaymentsServiceConfig, 'health'> {
  /** PAYMENTS_PORT and PAYMENTS_HOST; any free loopback port unless given. */
  health?: HealthHttpOptions;
  /** Dunning's clock: made from `dunning.clockScale` unless a test gives its own. */
  clock?: Clock;
  /** Tests run their own group so they never share offsets with the demo. */
  groupId?: string;
  logLevel?: LogLevel;
  /**
   * Crash tests only (never set by `main.ts`): called where a vendor has acted and the service has
   * not committed it yet, so a test can kill the process at that point.
   */
  checkpoint?: PaymentCheckpointHook;
}

/** Starts the payments service's consumer group on the payment topic, and its dunning runner. */
export function startPayments(options: PaymentsStartOptions): Promise<INestMicroservice> {
  return startConsumerService(
    PaymentsModule.forRoot({
      tax: options.tax,
      payments: options.payments,
      dunning: options.dunning,
      // The real clock unless DUNNING_CLOCK_SCALE says otherwise (refused in a deployment).
      clock: options.clock ?? dunningClock(options.dunning),
      checkpoint: options.checkpoint,
      logLevel: options.logLevel,
      health: options.health ?? { port: 0, host: '127.0.0.1' },
    }),
    {
      groupId: options.groupId ?? ConsumerGroups.Payments,
      topics: [Topics.Payments],
      retryDelaysMs: options.retryDelaysMs,
    },
    { service: 'payments', level: options.logLevel },
  );
}
