import 'reflect-metadata';
import { loadInfraConfig } from '@handoff/config';
import { startUsageService } from './start-usage-service';
import { loadUsageServiceConfig } from './usage-service.config';

async function main(): Promise<void> {
  const config = loadUsageServiceConfig();
  // Before Nest starts, so a missing KAFKA_BROKERS or DATABASE_URL is one clear line, not a stack.
  loadInfraConfig();
  await startUsageService(config);
  process.stdout.write('usage service consuming the MNO usage feed\n');
}

main().catch((error: unknown) => {
  process.stderr.write(
    `usage service failed to start: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
