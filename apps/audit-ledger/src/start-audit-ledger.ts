import { HealthHttpServer, type HealthHttpOptions } from '@handoff/health';
import { ConsumerGroups } from '@handoff/messaging';
import type { LogLevel } from '@handoff/observability';
import { startConsumerService } from '@handoff/messaging-nest';
import { AUDIT_LEDGER_TOPICS, AuditLedgerModule } from './audit-ledger.module';
import { recordPublishedEvents } from './ledger-recorder.handler';

export interface AuditLedgerOptions {
  /** Another consumer group (tests); `handoff.audit-ledger` by default. */
  groupId?: string;
  retryDelaysMs?: readonly number[];
  /** AUDIT_LEDGER_PORT and AUDIT_LEDGER_HOST; any free loopback port unless given. */
  health?: HealthHttpOptions;
  /** LOG_LEVEL unless given. */
  logLevel?: LogLevel;
}

export interface RunningAuditLedger {
  /** The port its health endpoints answer on. */
  healthPort: number;
  close(): Promise<void>;
}

/** Starts the audit-ledger consumer on every business topic, in batch mode. */
export async function startAuditLedger(
  options: AuditLedgerOptions = {},
): Promise<RunningAuditLedger> {
  const app = await startConsumerService(
    AuditLedgerModule.forRoot(options.health ?? { port: 0, host: '127.0.0.1' }),
    {
      groupId: options.groupId ?? ConsumerGroups.AuditLedger,
      topics: AUDIT_LEDGER_TOPICS,
      retryDelaysMs: options.retryDelaysMs,
      batchHandler: recordPublishedEvents,
    },
    { service: 'audit-ledger', level: options.logLevel },
  );
  return { healthPort: app.get(HealthHttpServer).port ?? 0, close: () => app.close() };
}
