import { connectTopicAdmin, groupTopicSpecs } from '@handoff/messaging';
import type { startVendorSimulators } from '../../apps/vendor-simulators/src/start-vendor-simulators';
import { startTsProcess, type RunningChild } from './child-process';
import { infra, uniqueName, waitFor } from './test-infra';

const WORKER = 'test/support/fixtures/orchestrator-worker.ts';

type Simulators = Awaited<ReturnType<typeof startVendorSimulators>>;

/**
 * A consumer group of one test for orchestrator worker processes, its retry topics created, and the
 * environment that puts a worker in it and points it at the simulators.
 */
export async function workerGroupEnv(
  name: string,
  retryDelaysMs: readonly number[],
  simulators: Simulators,
): Promise<Record<string, string | undefined>> {
  const groupId = uniqueName(name);
  const admin = await connectTopicAdmin(infra.kafka);
  await admin.ensureTopics(groupTopicSpecs(groupId, retryDelaysMs));
  await admin.close();
  return {
    WORKER_GROUP: groupId,
    WORKER_RETRY_DELAYS_MS: retryDelaysMs.join(','),
    MNO_BASE_URL: `${simulators.url}/tmf-api/serviceOrdering/v4`,
    TAX_BASE_URL: `${simulators.tax.url}/communications-tax/v1`,
    PAYMENT_BASE_URL: `${simulators.payment.url}/v1`,
  };
}

/** An orchestrator worker process (`fixtures/orchestrator-worker.ts`), once it says it is ready. */
export async function startReadyWorker(
  env: Record<string, string | undefined>,
): Promise<RunningChild> {
  const worker = startOrchestratorWorker(env);
  await waitFor(
    'the orchestrator worker to start',
    () => worker.output().includes('ready'),
    60_000,
  );
  return worker;
}

export function startOrchestratorWorker(env: Record<string, string | undefined>): RunningChild {
  return startTsProcess(WORKER, env);
}
