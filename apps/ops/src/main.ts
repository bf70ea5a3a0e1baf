import 'reflect-metadata';
import { loadInfraConfig, loadTracingConfig } from '@handoff/config';
import { startTracing } from '@handoff/observability';
import { loadOpsConfig } from './ops.config';
import { startOpsApi } from './ops-api';

async function main(): Promise<void> {
  startTracing({ service: 'handoff-ops', ...loadTracingConfig() });
  const { port, host } = loadOpsConfig();
  // Before Nest starts, so a missing KAFKA_BROKERS or DATABASE_URL is one clear line, not a stack.
  loadInfraConfig();
  const { url } = await startOpsApi({ port, host });
  process.stdout.write(`ops API listening on ${url} (OpenAPI at ${url}/docs)\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `ops API failed to start: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
