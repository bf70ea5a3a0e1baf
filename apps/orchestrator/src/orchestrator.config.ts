import { z } from 'zod';
import { commaList, loadConfig } from '@handoff/config';
import { loadMnoConfig, type MnoSettings } from '@handoff/mno-provisioning';
import { ORCHESTRATOR_RETRY_DELAYS_MS } from '@handoff/messaging';
import { loadPortInSecretConfig, type PortInSecretSettings } from '@handoff/port-in-secrets';

const schema = z.object({
  /** Retry delays of the saga's consumer group, e.g. `500,1000,2000`; at most as many tiers as the catalog declares. */
  ORCHESTRATOR_RETRY_DELAYS_MS: commaList.refine(
    (list) =>
      !list ||
      (list.length <= ORCHESTRATOR_RETRY_DELAYS_MS.length && list.every((d) => /^\d+$/.test(d))),
    `must be up to ${ORCHESTRATOR_RETRY_DELAYS_MS.length} comma-separated millisecond delays`,
  ),
});

export interface OrchestratorConfig {
  retryDelaysMs: readonly number[];
  mno: MnoSettings;
  portInSecrets: PortInSecretSettings;
}

export function loadOrchestratorConfig(
  env: Record<string, string | undefined> = process.env,
): OrchestratorConfig {
  const c = loadConfig(schema, env);
  return {
    retryDelaysMs: c.ORCHESTRATOR_RETRY_DELAYS_MS?.map(Number) ?? ORCHESTRATOR_RETRY_DELAYS_MS,
    mno: loadMnoConfig(env),
    portInSecrets: loadPortInSecretConfig(env),
  };
}
