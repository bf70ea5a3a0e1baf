import { join } from 'node:path';
import type { DevstackPaths } from '../devstack.paths';
import { kafkaGeneration } from './kafka-generation';

/** JVM options and class path for the broker and Kafka's tools, as `kafka-run-class.sh` sets them. */
export function kafkaJvmArgs(paths: DevstackPaths, version: string, heapMax: string): string[] {
  const logging =
    kafkaGeneration(version).logging === 'log4j2'
      ? `-Dlog4j2.configurationFile=${paths.kafkaLoggingConfig}`
      : `-Dlog4j.configuration=file:${paths.kafkaLoggingConfig}`;
  return [
    '-Xms256m',
    `-Xmx${heapMax}`,
    '-XX:+UseG1GC',
    '-XX:MaxGCPauseMillis=20',
    '-Djava.awt.headless=true',
    logging,
    `-Dkafka.logs.dir=${paths.logsDir}`,
    '-cp',
    // The JVM expands `dir/*` to every jar in it; no shell is involved.
    join(paths.kafkaLibsDir, '*'),
  ];
}
