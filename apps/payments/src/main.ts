import 'reflect-metadata';
import { loadInfraConfig, loadTracingConfig } from '@handoff/config';
import { startTracing } from '@handoff/observability';
import { loadPaymentsServiceConfig } from './payments-service.config';
import { startPayments } from './start-payments';

async function main(): Promise<void> {
  startTracing({ service: 'handoff-payments', ...loadTracingConfig() });
  const config = loadPaymentsServiceConfig();
  // Before Nest starts, so a missing KAFKA_BROKERS or DATABASE_URL is one clear line, not a stack.
  loadInfraConfig();
  await startPayments(config);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `payments failed to start: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
