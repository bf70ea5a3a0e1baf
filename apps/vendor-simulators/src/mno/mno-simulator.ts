import { loadServiceConfig } from '@handoff/config';
import { createLogger, type Logger, type LogLevel } from '@handoff/observability';
import { faultRuleList } from '../shared/faults/fault-rule.schema';
import { type RunningSimulator, startSimulatorServer } from '../shared/server/simulator-server';
import { mnoFaultRuleSchema } from './mno-fault-rule.schema';
import { DEFAULT_COMPLETION_DELAY_MS, DEFAULT_PORT_IN_DECISION_MS } from './mno-options';
import { MnoSimulatorModule } from './mno-simulator.module';

export interface MnoSimulatorOptions {
  /** Default `127.0.0.1`. */
  host?: string;
  /** Default 0: a free port, read back from `url`. */
  port?: number;
  /** Time from acknowledged to completed or failed; default 300 ms. */
  completionDelayMs?: number;
  /** How long a port-in waits for the donor's answer; default 0 (at once). */
  portInDecisionMs?: number;
  /** Faults in force from the start, the shape `PUT /admin/faults` takes. */
  faults?: readonly unknown[];
  /** Default: `LOG_LEVEL` (else `info`); ignored when `logger` is given. */
  logLevel?: LogLevel;
  logger?: Logger;
}

/** Starts an MNO simulator in this process, for tests and the demo. */
export async function startMnoSimulator(
  options: MnoSimulatorOptions = {},
): Promise<RunningSimulator> {
  const logger =
    options.logger ??
    createLogger({
      name: 'vendor-simulators',
      level: options.logLevel ?? loadServiceConfig().logLevel,
    });
  const mnoLogger = logger.child({ simulator: 'mno' });
  return startSimulatorServer({
    module: MnoSimulatorModule.forRoot({
      logger: mnoLogger,
      completionDelayMs: options.completionDelayMs ?? DEFAULT_COMPLETION_DELAY_MS,
      portInDecisionMs: options.portInDecisionMs ?? DEFAULT_PORT_IN_DECISION_MS,
      faults: faultRuleList(mnoFaultRuleSchema).parse(options.faults ?? []),
    }),
    host: options.host ?? '127.0.0.1',
    port: options.port ?? 0,
    logger: mnoLogger,
    openApi: {
      title: 'MNO simulator (TMF641 Service Ordering v4)',
      description:
        'Asynchronous service orders for mobile lines (activate, change, deactivate, port-in), the lines’ inventory (TMF638), notification hub, fault injection',
      version: '4.0.0',
    },
  });
}
