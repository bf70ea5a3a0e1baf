import { join } from 'node:path';
import type { DevstackRegistryConfig } from '@handoff/config';
import type { RegistryPaths } from './registry.paths';

/**
 * How the devstack runs Apicurio Registry: loopback only (Quarkus would otherwise also open its
 * management interface on 0.0.0.0:9000), data in an H2 file under the cache so ids survive a
 * restart, a small connection pool and heap for a developer machine. Start-up is most of its CPU
 * on a 2-core machine that also runs the tests: C1 only, the serial GC and a class-data archive
 * the JVM writes at its first exit (and rewrites when the JDK changes) take about half of it off.
 */
export function apicurioJvmArgs(config: DevstackRegistryConfig, paths: RegistryPaths): string[] {
  const properties: Record<string, string> = {
    'quarkus.http.host': '127.0.0.1',
    'quarkus.http.port': String(config.httpPort),
    'quarkus.management.host': '127.0.0.1',
    'quarkus.management.port': String(config.managementPort),
    'apicurio.datasource.url': `jdbc:h2:file:${join(paths.dataDir, 'registry')}`,
    'apicurio.datasource.jdbc.initial-size': '2',
    'apicurio.datasource.jdbc.min-size': '2',
    'apicurio.datasource.jdbc.max-size': '10',
    // Look a schema up by its parsed (canonical) form, as Confluent does, not by its exact text.
    'apicurio.ccompat.use-canonical-hash': 'true',
    'quarkus.http.access-log.enabled': 'false',
  };
  return [
    '-Xms64m',
    '-Xmx384m',
    '-XX:TieredStopAtLevel=1',
    '-XX:+UseSerialGC',
    '-XX:+AutoCreateSharedArchive',
    `-XX:SharedArchiveFile=${paths.classDataArchive}`,
    '-Djava.awt.headless=true',
    ...Object.entries(properties).map(([key, value]) => `-D${key}=${value}`),
    '-jar',
    paths.runJar,
  ];
}
