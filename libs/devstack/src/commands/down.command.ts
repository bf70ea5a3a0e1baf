import type { InfraConfig } from '@handoff/config';
import { devstackPaths } from '../devstack.paths';
import { stopKafka } from '../kafka/kafka-broker.service';
import { stopPostgres } from '../postgres/postgres-server.service';
import type { ProgressReporter } from '../progress.reporter';
import { registryStep } from '../registry/registry.commands';
import { settleAll } from './settle-all';

/** Stops what the devstack started; external Kafka, PostgreSQL and registries are never touched. */
export async function devstackDown(config: InfraConfig, report: ProgressReporter): Promise<void> {
  const paths = devstackPaths(config);
  if (!config.ownKafka) report.step('kafka', 'KAFKA_BROKERS is set: nothing to stop');
  if (!config.ownPostgres) report.step('postgres', 'DATABASE_URL is set: nothing to stop');
  await settleAll([
    config.ownKafka ? stopKafka(paths, report) : Promise.resolve(),
    config.ownPostgres ? stopPostgres(paths, report) : Promise.resolve(),
    // Whether or not it was asked for this time: a registry the devstack started is stopped.
    registryStep.down(config, report),
  ]);
}
