import { loadServiceConfig } from '@handoff/config';
import { createLogger } from '@handoff/observability';
import { type MnoSimulatorOptions, startMnoSimulator } from './mno/mno-simulator';
import type { RunningSimulator } from './shared/server/simulator-server';

export type { RunningSimulator } from './shared/server/simulator-server';
export { startMnoSimulator, type MnoSimulatorOptions } from './mno/mno-simulator';

/**
 * The MNO's options at the top level (it is the only simulator so far); the tax and payment
 * simulators will get keys of their own (`tax`, `payment`) beside it.
 */
export type VendorSimulatorsOptions = MnoSimulatorOptions;

/**
 * Each simulator is its own Nest application on a port of its own, so one vendor's outage, faults
 * and resets never touch another's. `url` is the MNO's, kept at the top for callers written
 * before there were siblings.
 */
export interface RunningVendorSimulators extends RunningSimulator {
  mno: RunningSimulator;
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
  return { url: mno.url, mno, close: () => mno.close() };
}
