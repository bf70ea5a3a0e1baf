import { loadServiceConfig } from '@handoff/config';
import type { LogLevel } from '@handoff/observability';
import { loadMnoSimulatorConfig, type MnoSimulatorConfig } from './mno/mno.config';
import { loadPaymentSimulatorConfig, type PaymentSimulatorConfig } from './payment/payment.config';
import { loadTaxSimulatorConfig, type TaxSimulatorConfig } from './tax/tax.config';

export interface VendorSimulatorsConfig {
  logLevel: LogLevel;
  mno: MnoSimulatorConfig;
  payment: PaymentSimulatorConfig;
  tax: TaxSimulatorConfig;
}

/** Every simulator's namespace, validated at start-up; the only place the environment is read. */
export function loadVendorSimulatorsConfig(
  env: Record<string, string | undefined> = process.env,
): VendorSimulatorsConfig {
  return {
    logLevel: loadServiceConfig(env).logLevel,
    mno: loadMnoSimulatorConfig(env),
    payment: loadPaymentSimulatorConfig(env),
    tax: loadTaxSimulatorConfig(env),
  };
}
