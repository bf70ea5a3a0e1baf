import 'reflect-metadata';
import { Logger } from 'nestjs-pino';
import { loadInfraConfig, loadTracingConfig } from '@handoff/config';
import { startTracing } from '@handoff/observability';
import { loadGatewayConfig } from './gateway.config';
import { startGateway } from './start-gateway';

/** The dealer gateway as its own process; SIGTERM drains it through Nest's shutdown hooks. */
async function main(): Promise<void> {
  startTracing({ service: 'handoff-gateway', ...loadTracingConfig() });
  const config = loadGatewayConfig();
  // Before Nest starts, so a missing KAFKA_BROKERS or DATABASE_URL is one clear line, not a stack.
  loadInfraConfig();
  const gateway = await startGateway(config);
  gateway.app.enableShutdownHooks();
  gateway.app
    .get(Logger)
    .log(`gateway listening on ${gateway.url} (OpenAPI at ${gateway.url}/docs)`);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `gateway failed to start: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
