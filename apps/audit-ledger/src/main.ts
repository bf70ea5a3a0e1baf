import 'reflect-metadata';
import { loadInfraConfig, loadServiceConfig, loadTracingConfig } from '@handoff/config';
import { createLogger, startTracing } from '@handoff/observability';
import { loadHealthPortConfig } from '@handoff/health';
import { startAuditLedger } from './start-audit-ledger';

async function main(): Promise<void> {
  startTracing({ service: 'handoff-audit-ledger', ...loadTracingConfig() });
  // Before Nest starts, so a missing KAFKA_BROKERS or DATABASE_URL is one clear line, not a stack.
  loadInfraConfig();
  await startAuditLedger({ health: loadHealthPortConfig('AUDIT_LEDGER', 18089) });
  const log = createLogger({ name: 'audit-ledger', level: loadServiceConfig().logLevel });
  log.info('audit ledger consuming every business topic');
}

main().catch((error: unknown) => {
  process.stderr.write(
    `audit ledger failed to start: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
