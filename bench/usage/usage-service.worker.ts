import 'reflect-metadata';
import { startUsageService } from '../../apps/usage/src/start-usage-service';
import { loadUsageServiceConfig } from '../../apps/usage/src/usage-service.config';

/**
 * The usage service as its own process, as `apps/usage/src/main.ts` starts it, but in the bench's
 * consumer group (BENCH_USAGE_GROUP) on the round's throwaway feed topic (BENCH_USAGE_TOPIC), so
 * its peak RSS is its own and the bench's records never reach the real feed.
 */
async function main(): Promise<void> {
  const { BENCH_USAGE_GROUP: groupId, BENCH_USAGE_TOPIC: feedTopic } = process.env;
  if (!groupId || !feedTopic)
    throw new Error('BENCH_USAGE_GROUP and BENCH_USAGE_TOPIC are required');
  await startUsageService({ ...loadUsageServiceConfig(), groupId, feedTopic, logLevel: 'warn' });
  process.stdout.write('usage service consuming\n');
}

main().catch((error: unknown) => {
  process.stderr.write(`bench usage service: ${String(error)}\n`);
  process.exit(1);
});
