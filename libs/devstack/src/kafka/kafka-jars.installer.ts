import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { InfraConfig } from '@handoff/config';
import { DevstackError } from '../devstack.error';
import type { DevstackPaths } from '../devstack.paths';
import { kafkaGeneration } from './kafka-generation';
import { runLogged, tailOfFile } from '../process/process.launcher';
import type { ProgressReporter } from '../progress.reporter';

/** Declares kafka_2.13 and, per major version, the SLF4J binding Kafka's own distribution ships. */
const KAFKA_POM = resolve(__dirname, '../../kafka/pom.xml');

/**
 * Copies kafka_2.13 and its runtime dependencies from Maven Central into the cache, once per
 * version: a marker file written after a complete copy makes later runs skip Maven entirely.
 */
export async function ensureKafkaJars(
  config: InfraConfig,
  paths: DevstackPaths,
  report: ProgressReporter,
): Promise<void> {
  if (existsSync(paths.kafkaJarsMarker)) return;
  const version = config.kafkaVersion;
  report.step('kafka', `resolving Kafka ${version} jars from Maven Central (first run only)...`);
  rmSync(paths.kafkaLibsDir, { recursive: true, force: true });
  mkdirSync(paths.kafkaLibsDir, { recursive: true });
  const exitCode = await runLogged({
    command: 'mvn',
    args: [
      '-q',
      '-B',
      '-Dstyle.color=never',
      '-f',
      KAFKA_POM,
      'dependency:copy-dependencies',
      `-Dkafka.version=${version}`,
      `-P${kafkaGeneration(version).mavenProfile}`,
      `-DoutputDirectory=${paths.kafkaLibsDir}`,
      '-DincludeScope=runtime',
    ],
    logFile: paths.kafkaJarsLog,
  });
  const jars = readdirSync(paths.kafkaLibsDir).filter((f) => f.endsWith('.jar'));
  if (exitCode !== 0 || !jars.includes(`kafka_2.13-${version}.jar`)) {
    throw new DevstackError(
      'DEVSTACK.KAFKA_JARS_UNRESOLVED',
      `mvn could not resolve org.apache.kafka:kafka_2.13:${version} (exit ${exitCode}); see ${paths.kafkaJarsLog}\n` +
        tailOfFile(paths.kafkaJarsLog),
    );
  }
  writeFileSync(paths.kafkaJarsMarker, `${jars.sort().join('\n')}\n`);
  report.step('kafka', `${jars.length} jars in ${paths.kafkaLibsDir}`);
}
