import { ConsumerGroups } from '@handoff/messaging';
import { startConsumerService } from '@handoff/messaging-nest';
import { AUDIT_LEDGER_TOPICS, AuditLedgerModule } from './audit-ledger.module';
import { recordPublishedEvents } from './ledger-recorder.handler';

export interface AuditLedgerOptions {
  /** Another consumer group (tests); `handoff.audit-ledger` by default. */
  groupId?: string;
  retryDelaysMs?: readonly number[];
}

export interface RunningAuditLedger {
  close(): Promise<void>;
}

/** Starts the audit-ledger consumer on every business topic, in batch mode. */
export async function startAuditLedger(
  options: AuditLedgerOptions = {},
): Promise<RunningAuditLedger> {
  const app = await startConsumerService(AuditLedgerModule, {
    groupId: options.groupId ?? ConsumerGroups.AuditLedger,
    topics: AUDIT_LEDGER_TOPICS,
    retryDelaysMs: options.retryDelaysMs,
    batchHandler: recordPublishedEvents,
  });
  return { close: () => app.close() };
}
