import { loadServiceConfig } from '@handoff/config';
import { createLogger, type Logger, type LogLevel } from '@handoff/observability';
import { faultRuleList } from '../shared/faults/fault-rule.schema';
import { type RunningSimulator, startSimulatorServer } from '../shared/server/simulator-server';
import { paymentFaultRuleSchema } from './payment-fault-rule.schema';
import { DEFAULT_AUTHORIZATION_TTL_MS } from './payment-options';
import { PaymentSimulatorModule } from './payment-simulator.module';

export interface PaymentSimulatorOptions {
  /** Default `127.0.0.1`. */
  host?: string;
  /** Default 0: a free port, read back from `url`. */
  port?: number;
  /** How long an authorization stays capturable; default 7 days. */
  authorizationTtlMs?: number;
  /** Faults in force from the start, the shape `PUT /admin/faults` takes. */
  faults?: readonly unknown[];
  /** Default: `LOG_LEVEL` (else `info`); ignored when `logger` is given. */
  logLevel?: LogLevel;
  logger?: Logger;
}

/** Starts a payment processor simulator in this process, for tests and the demo. */
export async function startPaymentSimulator(
  options: PaymentSimulatorOptions = {},
): Promise<RunningSimulator> {
  const logger =
    options.logger ??
    createLogger({
      name: 'vendor-simulators',
      level: options.logLevel ?? loadServiceConfig().logLevel,
    });
  const paymentLogger = logger.child({ simulator: 'payment' });
  return startSimulatorServer({
    module: PaymentSimulatorModule.forRoot({
      logger: paymentLogger,
      authorizationTtlMs: options.authorizationTtlMs ?? DEFAULT_AUTHORIZATION_TTL_MS,
      faults: faultRuleList(paymentFaultRuleSchema).parse(options.faults ?? []),
    }),
    host: options.host ?? '127.0.0.1',
    port: options.port ?? 0,
    logger: paymentLogger,
    openApi: {
      title: 'Payment processor simulator (Stripe-like payment intents)',
      description:
        'Authorize, capture (full or partial), void, refund; Idempotency-Key; decline test tokens; effects ledger; fault injection',
      version: '1.0.0',
    },
  });
}
