import { join } from 'node:path';
import type { DevstackPaths } from '../devstack.paths';

/** JVM options and class path for the broker and Kafka's tools, as `kafka-run-class.sh` sets them. */
export function kafkaJvmArgs(paths: DevstackPaths, heapMax: string): string[] {
  return [
    '-Xms256m',
    `-Xmx${heapMax}`,
    '-XX:+UseG1GC',
    '-XX:MaxGCPauseMillis=20',
    '-Djava.awt.headless=true',
    `-Dlog4j.configuration=file:${paths.kafkaLog4jProperties}`,
    `-Dkafka.logs.dir=${paths.logsDir}`,
    '-cp',
    // The JVM expands `dir/*` to every jar in it; no shell is involved.
    join(paths.kafkaLibsDir, '*'),
  ];
}
