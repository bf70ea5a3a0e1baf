import 'reflect-metadata';
import { createLogger } from '@handoff/observability';
import { loadVendorSimulatorsConfig } from './vendor-simulators.config';
import { startVendorSimulators } from './start-vendor-simulators';

/** The vendor simulators as a process: `node -r @swc-node/register apps/vendor-simulators/src/main.ts`. */
async function main(): Promise<void> {
  const config = loadVendorSimulatorsConfig();
  const logger = createLogger({ name: 'vendor-simulators', level: config.logLevel });
  const simulators = await startVendorSimulators({
    logger,
    ...config.mno,
    payment: config.payment,
    tax: config.tax,
  });
  logger.info(
    { mno: simulators.mno.url, payment: simulators.payment.url, tax: simulators.tax.url },
    'vendor simulators listening',
  );

  const stop = (signal: NodeJS.Signals) => {
    logger.info({ signal }, 'vendor simulators stopping');
    simulators.close().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'vendor simulators did not close cleanly');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `vendor simulators failed to start: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
