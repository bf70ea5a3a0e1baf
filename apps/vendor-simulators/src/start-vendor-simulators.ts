import { loadServiceConfig } from '@handoff/config';
import { createLogger } from '@handoff/observability';
import { type MnoSimulatorOptions, startMnoSimulator } from './mno/mno-simulator';
import { type PaymentSimulatorOptions, startPaymentSimulator } from './payment/payment-simulator';
import type { RunningSimulator } from './shared/server/simulator-server';

export type { RunningSimulator } from './shared/server/simulator-server';
export { startMnoSimulator, type MnoSimulatorOptions } from './mno/mno-simulator';
export { startPaymentSimulator, type PaymentSimulatorOptions } from './payment/payment-simulator';

/**
 * The MNO's options at the top level (it came first); the other simulators have keys of their
 * own beside it (`payment`). The shared `logger`/`logLevel` apply to every simulator.
 */
export type VendorSimulatorsOptions = MnoSimulatorOptions & {
  /** Default: a free port, 7-day authorizations, no faults. */
  payment?: Omit<PaymentSimulatorOptions, 'logger' | 'logLevel'>;
};

/**
 * Each simulator is its own Nest application on a port of its own, so one vendor's outage, faults
 * and resets never touch another's. `url` is the MNO's, kept at the top for callers written
 * before there were siblings.
 */
export interface RunningVendorSimulators extends RunningSimulator {
  mno: RunningSimulator;
  payment: RunningSimulator;
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
  const { payment: paymentOptions, ...mnoOptions } = options;
  const mno = await startMnoSimulator({ ...mnoOptions, logger });
  const payment = await startPaymentSimulator({ ...paymentOptions, logger }).catch(
    async (error: unknown) => {
      await mno.close();
      throw error;
    },
  );
  const close = async () => {
    await Promise.all([mno.close(), payment.close()]);
  };
  return { url: mno.url, mno, payment, close };
}
