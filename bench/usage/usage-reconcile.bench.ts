import { z } from 'zod';
import { loadConfig } from '@handoff/config';
import { writeReadmeSection } from '../shared/readme-section';
import { DAYS, reconcileLine, timeReconcile } from './reconcile-run';

const schema = z.object({
  BENCH_RECONCILE_LINES: z.coerce
    .number({ invalid_type_error: 'must be a number of invoice lines, e.g. 1000000' })
    .int()
    .min(DAYS, `must be at least ${DAYS} lines`)
    .default(1_000_000),
});

/** `npm run bench:usage-reconcile`: `usage reconcile` alone, timed (reconcile-run.ts). Run once. */
async function main(): Promise<void> {
  const { BENCH_RECONCILE_LINES: lines } = loadConfig(schema, process.env);
  const line = reconcileLine(await timeReconcile(lines));
  console.log(line);
  writeReadmeSection('usage-reconcile', [line]);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
