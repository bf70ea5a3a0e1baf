import { loadServiceConfig } from '@handoff/config';
import { createLogger } from '@handoff/observability';
import { type MnoSimulatorOptions, startMnoSimulator } from './mno/mno-simulator';
import type { RunningSimulator } from './shared/server/simulator-server';
import { startTaxSimulator, type TaxSimulatorOptions } from './tax/tax-simulator';

export type { RunningSimulator } from './shared/server/simulator-server';
export { startMnoSimulator, type MnoSimulatorOptions } from './mno/mno-simulator';
export { startTaxSimulator, type TaxSimulatorOptions } from './tax/tax-simulator';

/**
 * The MNO's options at the top level (it came first); the tax engine's under `tax`, and the payment
 * processor's will get a key of its own (`payment`) beside them.
 */
export type VendorSimulatorsOptions = MnoSimulatorOptions & {
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
  const mno = await startMnoSimulator({ ...options, logger });
  const tax = await startTaxSimulator({ ...options.tax, logger }).catch(async (error: unknown) => {
    await mno.close();
    throw error;
  });
  const close = async () => {
    await Promise.all([mno.close(), tax.close()]);
  };
  return { url: mno.url, mno, tax, close };
}
