import 'reflect-metadata';
import { loadInfraConfig, loadTracingConfig } from '@handoff/config';
import { startTracing } from '@handoff/observability';
import { loadOrchestratorConfig } from './orchestrator.config';
import { startOrchestrator } from './start-orchestrator';

async function main(): Promise<void> {
  startTracing({ service: 'handoff-orchestrator', ...loadTracingConfig() });
  const config = loadOrchestratorConfig();
  // Before Nest starts, so a missing KAFKA_BROKERS or DATABASE_URL is one clear line, not a stack.
  loadInfraConfig();
  await startOrchestrator(config);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `orchestrator failed to start: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
