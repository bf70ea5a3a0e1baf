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
  /** Existing topics whose configuration differed from the catalog's and was brought to it. */
  topicsAligned: string[];
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
  const { created: topicsCreated, aligned: topicsAligned } = await ensureCatalogTopics(
    config,
    report,
  );
  const migrationsApplied = await migrate(config, report);
  const components = await Promise.all([
    kafkaStatus(config, paths),
    postgresStatus(config, paths),
    ...(registry ? [registryStep.status(config, registry)] : []),
  ]);
  return { components, topicsCreated, topicsAligned, migrationsApplied };
}

/** Creates the missing catalog topics and brings existing ones to the catalog's settings. */
async function ensureCatalogTopics(
  config: InfraConfig,
  report: ProgressReporter,
): Promise<{ created: string[]; aligned: string[] }> {
  const specs = catalogTopicSpecs({ deadLetterRetentionMs: config.deadLetterRetentionMs });
  const admin = await connectTopicAdmin(config.kafka, 'handoff-devstack');
  try {
    const created = await admin.ensureTopics(specs);
    const aligned = await admin.alignTopicConfigs(specs);
    if (aligned.length > 0)
      report.step(
        'kafka',
        `brought ${aligned.length} topics to the catalog's settings: ${aligned.join(', ')}`,
      );
    report.step(
      'kafka',
      created.length === 0
        ? `all ${specs.length} catalog topics exist`
        : `created ${created.length} of ${specs.length} catalog topics: ${created.join(', ')}`,
    );
    return { created, aligned };
  } finally {
    await admin.close();
  }
}
