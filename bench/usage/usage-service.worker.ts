import 'reflect-metadata';
import { startUsageService } from '../../apps/usage/src/start-usage-service';
import { loadUsageServiceConfig } from '../../apps/usage/src/usage-service.config';

/**
 * The usage service as its own process, as `apps/usage/src/main.ts` starts it, but in the bench's
 * consumer group (BENCH_USAGE_GROUP), so its peak RSS is its own and its offsets are the round's.
 */
async function main(): Promise<void> {
  const groupId = process.env.BENCH_USAGE_GROUP;
  if (!groupId) throw new Error('BENCH_USAGE_GROUP is required');
  await startUsageService({ ...loadUsageServiceConfig(), groupId, logLevel: 'warn' });
  process.stdout.write('usage service consuming\n');
}

main().catch((error: unknown) => {
  process.stderr.write(`bench usage service: ${String(error)}\n`);
  process.exit(1);
});
