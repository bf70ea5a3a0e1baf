import { mkdirSync } from 'node:fs';
import type { DevstackRegistryConfig, InfraConfig } from '@handoff/config';
import { catalogTopicSpecs, connectTopicAdmin } from '@handoff/messaging';
import type { ComponentStatus } from '../component.status';
import { devstackPaths } from '../devstack.paths';
import { checkExternalKafka, kafkaStatus, startKafka } from '../kafka/kafka-broker.service';
import {
  checkExternalPostgres,
  postgresStatus,
  startPostgres,
} from '../postgres/postgres-server.service';
import type { ProgressReporter } from '../progress.reporter';
import { registryStep } from '../registry/registry.commands';
import { migrate } from './migrate.command';
import { settleAll } from './settle-all';

export interface UpResult {
  components: ComponentStatus[];
  topicsCreated: string[];
  migrationsApplied: string[];
}

/**
 * Brings Kafka and PostgreSQL up (or checks the external ones), then creates the catalog topics and
 * runs the migrations. Everything already in place is detected and left alone, so it is safe to repeat.
 */
export async function devstackUp(
  config: InfraConfig,
  report: ProgressReporter,
  registry?: DevstackRegistryConfig,
): Promise<UpResult> {
  const paths = devstackPaths(config);
  mkdirSync(paths.logsDir, { recursive: true });
  await settleAll([
    config.ownKafka ? startKafka(config, paths, report) : checkExternalKafka(config, report),
    config.ownPostgres
      ? startPostgres(config, paths, report)
      : checkExternalPostgres(config, report),
    registry ? registryStep.up(config, registry, report) : Promise.resolve(),
  ]);
  const topicsCreated = await createCatalogTopics(config, report);
  const migrationsApplied = await migrate(config, report);
  const components = await Promise.all([
    kafkaStatus(config, paths),
    postgresStatus(config, paths),
    ...(registry ? [registryStep.status(config, registry)] : []),
  ]);
  return { components, topicsCreated, migrationsApplied };
}

async function createCatalogTopics(
  config: InfraConfig,
  report: ProgressReporter,
): Promise<string[]> {
  const specs = catalogTopicSpecs();
  const admin = await connectTopicAdmin(config.kafka, 'handoff-devstack');
  try {
    const created = await admin.ensureTopics(specs);
    report.step(
      'kafka',
      created.length === 0
        ? `all ${specs.length} catalog topics exist`
        : `created ${created.length} of ${specs.length} catalog topics: ${created.join(', ')}`,
    );
    return created;
  } finally {
    await admin.close();
  }
}
