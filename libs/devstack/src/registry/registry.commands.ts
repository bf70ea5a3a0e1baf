import type { DevstackRegistryConfig, InfraConfig } from '@handoff/config';
import type { ComponentStatus } from '../component.status';
import type { ProgressReporter } from '../progress.reporter';
import { registryPaths } from './registry.paths';
import {
  checkExternalRegistry,
  registryStatus,
  startRegistry,
  stopRegistry,
} from './registry.service';

/** The schema registry's part in `infra:up`, `infra:down` and `infra:status`. */
export const registryStep = {
  async up(
    infra: InfraConfig,
    config: DevstackRegistryConfig,
    report: ProgressReporter,
  ): Promise<void> {
    if (config.mode === 'external') return checkExternalRegistry(config, report);
    if (config.mode === 'own') return startRegistry(config, registryPaths(infra), report);
  },

  down(infra: InfraConfig, report: ProgressReporter): Promise<void> {
    return stopRegistry(registryPaths(infra), report);
  },

  status(infra: InfraConfig, config: DevstackRegistryConfig): Promise<ComponentStatus> {
    return registryStatus(config, registryPaths(infra));
  },
};
