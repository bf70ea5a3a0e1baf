import { DevstackError } from '../devstack.error';

/** Runs independent steps side by side; lets every one finish, then fails with all their reasons. */
export async function settleAll(steps: Promise<unknown>[]): Promise<void> {
  const results = await Promise.allSettled(steps);
  const failures = results
    .filter((r): r is PromiseRejectedResult => r.status === 'rejected')
    .map((r) => r.reason as unknown);
  if (failures.length === 1) throw failures[0];
  if (failures.length > 1) {
    const messages = failures.map((f) => (f instanceof Error ? f.message : String(f)));
    throw new DevstackError('DEVSTACK.SEVERAL_FAILURES', messages.join('\n'), {
      cause: failures[0],
    });
  }
}
