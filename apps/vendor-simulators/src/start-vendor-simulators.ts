import { loadServiceConfig } from '@handoff/config';
import { createLogger } from '@handoff/observability';
import { type MnoSimulatorOptions, startMnoSimulator } from './mno/mno-simulator';
import { type PaymentSimulatorOptions, startPaymentSimulator } from './payment/payment-simulator';
import type { RunningSimulator } from './shared/server/simulator-server';
import { startTaxSimulator, type TaxSimulatorOptions } from './tax/tax-simulator';

export type { RunningSimulator } from './shared/server/simulator-server';
export { startMnoSimulator, type MnoSimulatorOptions } from './mno/mno-simulator';
export { startPaymentSimulator, type PaymentSimulatorOptions } from './payment/payment-simulator';
export { startTaxSimulator, type TaxSimulatorOptions } from './tax/tax-simulator';

/**
 * The MNO's options at the top level (it came first); the other simulators have keys of their
 * own beside it (`payment`, `tax`). The shared `logger`/`logLevel` apply to every simulator.
 */
export type VendorSimulatorsOptions = MnoSimulatorOptions & {
  /** Default: a free port, 7-day authorizations, no faults. */
  payment?: Omit<PaymentSimulatorOptions, 'logger' | 'logLevel'>;
  /** The tax engine's own options; its port defaults to 0 (a free one), like the MNO's. */
  tax?: Omit<TaxSimulatorOptions, 'logger' | 'logLevel'>;
};

/**
 * Each simulator is its own Nest application on a port of its own, so one vendor's outage, faults
 * and resets never touch another's. `url` is the MNO's, kept at the top for callers written
 * before there were siblings.
 */
export interface RunningVendorSimulators extends RunningSimulator {
  mno: RunningSimulator;
  payment: RunningSimulator;
  tax: RunningSimulator;
}

/** Starts every simulator in this process; `main.ts` runs this, tests and the demo may too. */
export async function startVendorSimulators(
  options: VendorSimulatorsOptions = {},
): Promise<RunningVendorSimulators> {
  const logger =
    options.logger ??
    createLogger({
      name: 'vendor-simulators',
      level: options.logLevel ?? loadServiceConfig().logLevel,
    });
  const { payment: paymentOptions, tax: taxOptions, ...mnoOptions } = options;
  const started: RunningSimulator[] = [];
  const closeStarted = () => Promise.all(started.map((s) => s.close()));
  const start = async (run: () => Promise<RunningSimulator>) => {
    try {
      const simulator = await run();
      started.push(simulator);
      return simulator;
    } catch (error) {
      await closeStarted();
      throw error;
    }
  };
  const mno = await start(() => startMnoSimulator({ ...mnoOptions, logger }));
  const payment = await start(() => startPaymentSimulator({ ...paymentOptions, logger }));
  const tax = await start(() => startTaxSimulator({ ...taxOptions, logger }));
  const close = async () => {
    await closeStarted();
  };
  return { url: mno.url, mno, payment, tax, close };
}
