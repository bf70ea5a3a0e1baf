import type { DevstackRegistryConfig, InfraConfig } from '@handoff/config';
import type { ComponentStatus } from '../component.status';
import { devstackPaths } from '../devstack.paths';
import { kafkaStatus } from '../kafka/kafka-broker.service';
import { postgresStatus } from '../postgres/postgres-server.service';
import { registryStep } from '../registry/registry.commands';

export async function devstackStatus(
  config: InfraConfig,
  registry?: DevstackRegistryConfig,
): Promise<ComponentStatus[]> {
  const paths = devstackPaths(config);
  return Promise.all([
    kafkaStatus(config, paths),
    postgresStatus(config, paths),
    ...(registry ? [registryStep.status(config, registry)] : []),
  ]);
}
