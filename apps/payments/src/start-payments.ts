import type { INestMicroservice } from '@nestjs/common';
import type { DunningLedgerPort } from '@handoff/dunning';
import { ConsumerGroups, Topics } from '@handoff/messaging';
import { startConsumerService } from '@handoff/messaging-nest';
import type { LogLevel } from '@handoff/observability';
import type { PaymentCheckpointHook } from '@handoff/payment-requests';
import type { PaymentsServiceConfig } from './payments-service.config';
import { InterimDunning } from './interim-dunning';
import { PaymentsModule } from './payments.module';

export interface PaymentsStartOptions extends PaymentsServiceConfig {
  /** Where renewals' declines and captures are recorded; the interim one until dunning is wired. */
  dunning?: DunningLedgerPort;
  /** Tests run their own group so they never share offsets with the demo. */
  groupId?: string;
  logLevel?: LogLevel;
  /**
   * Crash tests only (never set by `main.ts`): called where a vendor has acted and the service has
   * not committed it yet, so a test can kill the process at that point.
   */
  checkpoint?: PaymentCheckpointHook;
}

/** Starts the payments service's consumer group on the payment topic. */
export function startPayments(options: PaymentsStartOptions): Promise<INestMicroservice> {
  return startConsumerService(
    PaymentsModule.forRoot({
      tax: options.tax,
      payments: options.payments,
      dunning: options.dunning ?? new InterimDunning(),
      // The real clock: dunning's scaled one is for its tests and the demo, never here.
      clock: Date.now,
      checkpoint: options.checkpoint,
      logLevel: options.logLevel,
    }),
    {
      groupId: options.groupId ?? ConsumerGroups.Payments,
      topics: [Topics.Payments],
      retryDelaysMs: options.retryDelaysMs,
    },
  );
}
