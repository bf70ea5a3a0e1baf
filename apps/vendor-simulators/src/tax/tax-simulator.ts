import { loadServiceConfig } from '@handoff/config';
import { createLogger, type Logger, type LogLevel } from '@handoff/observability';
import { faultRuleList } from '../shared/faults/fault-rule.schema';
import { type RunningSimulator, startSimulatorServer } from '../shared/server/simulator-server';
import { taxFaultRuleSchema } from './tax-fault-rule.schema';
import { TaxSimulatorModule } from './tax-simulator.module';

export interface TaxSimulatorOptions {
  /** Default `127.0.0.1`. */
  host?: string;
  /** Default 0: a free port, read back from `url`. */
  port?: number;
  /** Faults in force from the start, the shape `PUT /admin/faults` takes. */
  faults?: readonly unknown[];
  /** Default: `LOG_LEVEL` (else `info`); ignored when `logger` is given. */
  logLevel?: LogLevel;
  logger?: Logger;
}

/** Starts a tax engine simulator in this process, for tests and the demo. */
export async function startTaxSimulator(
  options: TaxSimulatorOptions = {},
): Promise<RunningSimulator> {
  const logger =
    options.logger ??
    createLogger({
      name: 'vendor-simulators',
      level: options.logLevel ?? loadServiceConfig().logLevel,
    });
  const taxLogger = logger.child({ simulator: 'tax' });
  return startSimulatorServer({
    module: TaxSimulatorModule.forRoot({
      logger: taxLogger,
      faults: faultRuleList(taxFaultRuleSchema).parse(options.faults ?? []),
    }),
    host: options.host ?? '127.0.0.1',
    port: options.port ?? 0,
    logger: taxLogger,
    openApi: {
      title: 'Tax engine simulator (communications tax)',
      description:
        'Communications taxes per jurisdiction (federal, state, county, city, district, 911 and USF ' +
        'fees): calculate, commit once, void, adjust; geocoding; fault injection; effects ledger',
      version: '1.0.0',
    },
  });
}
