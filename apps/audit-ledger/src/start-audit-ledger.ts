import { ConsumerGroups } from '@handoff/messaging';
import { startConsumerService } from '@handoff/messaging-nest';
import { AUDIT_LEDGER_TOPICS, AuditLedgerModule } from './audit-ledger.module';

export interface AuditLedgerOptions {
  /** Another consumer group (tests); `handoff.audit-ledger` by default. */
  groupId?: string;
  retryDelaysMs?: readonly number[];
}

export interface RunningAuditLedger {
  close(): Promise<void>;
}

/** Starts the audit-ledger consumer on every business topic. */
export async function startAuditLedger(
  options: AuditLedgerOptions = {},
): Promise<RunningAuditLedger> {
  const app = await startConsumerService(AuditLedgerModule, {
    groupId: options.groupId ?? ConsumerGroups.AuditLedger,
    topics: AUDIT_LEDGER_TOPICS,
    retryDelaysMs: options.retryDelaysMs,
  });
  return { close: () => app.close() };
}
