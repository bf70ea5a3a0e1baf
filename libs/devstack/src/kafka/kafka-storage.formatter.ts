import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { InfraConfig } from '@handoff/config';
import { DevstackError } from '../devstack.error';
import type { DevstackPaths } from '../devstack.paths';
import { runLogged, tailOfFile } from '../process/process.launcher';
import type { ProgressReporter } from '../progress.reporter';
import { scramUserArgs } from './kafka-config.writer';
import { kafkaGeneration } from './kafka-generation';
import { kafkaJvmArgs } from './kafka-jvm.args';

/**
 * A cluster id as Kafka's own `Uuid.randomUuid()` makes it: a random (v4) UUID's 16 bytes in
 * unpadded base64url, 22 characters. Kafka rejects ids starting with '-' (they read as a CLI flag).
 */
export function newKafkaClusterId(): string {
  for (;;) {
    const id = Buffer.from(randomUUID().replace(/-/g, ''), 'hex').toString('base64url');
    if (!id.startsWith('-')) return id;
  }
}

/**
 * Formats the KRaft log directory the first time only; `meta.properties` marks a formatted one. A
 * 4.x dynamic quorum's only controller is formatted `--standalone` (it votes for itself).
 */
export async function ensureKafkaStorage(
  config: InfraConfig,
  paths: DevstackPaths,
  report: ProgressReporter,
): Promise<void> {
  if (existsSync(join(paths.kafkaDataDir, 'meta.properties'))) return;
  const clusterId = newKafkaClusterId();
  report.step(
    'kafka',
    `formatting KRaft storage in ${paths.kafkaDataDir} (cluster id ${clusterId})...`,
  );
  const exitCode = await runLogged({
    command: 'java',
    args: [
      ...kafkaJvmArgs(paths, config.kafkaVersion, '256m'),
      'kafka.tools.StorageTool',
      'format',
      '--ignore-formatted',
      '-t',
      clusterId,
      '-c',
      paths.kafkaServerProperties,
      ...(kafkaGeneration(config.kafkaVersion).quorum === 'dynamic' ? ['--standalone'] : []),
      ...scramUserArgs(config),
    ],
    logFile: paths.kafkaConsoleLog,
  });
  if (exitCode !== 0) {
    throw new DevstackError(
      'DEVSTACK.KAFKA_FORMAT_FAILED',
      `formatting the Kafka storage failed (exit ${exitCode}); see ${paths.kafkaConsoleLog}\n` +
        tailOfFile(paths.kafkaConsoleLog),
    );
  }
}
