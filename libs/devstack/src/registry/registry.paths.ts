import { join, resolve } from 'node:path';
import type { InfraConfig } from '@handoff/config';

/** Apicurio Registry's runnable distribution on Maven Central (a Quarkus fast-jar, tar.gz). */
export const APICURIO_VERSION = '3.3.3';
export const APICURIO_ARTIFACT = `io.apicurio:apicurio-registry-app:${APICURIO_VERSION}:tar.gz:all`;

/** Where the devstack keeps the registry's distribution, data, pid file and logs. */
export interface RegistryPaths {
  /** The unpacked distribution, one per version. */
  home: string;
  runJar: string;
  /** Written after a complete unpack; its absence means "resolve again". */
  marker: string;
  mvnLog: string;
  /** H2 database files: the registry's data outlives a restart, as the broker's records do. */
  dataDir: string;
  pidFile: string;
  /** The JVM's class-data sharing archive (written at the first exit, makes later starts faster). */
  classDataArchive: string;
  /** The JVM's stdout and stderr (Quarkus logs to the console). */
  log: string;
}

export function registryPaths(config: InfraConfig): RegistryPaths {
  const cacheDir = resolve(config.cacheDir);
  const home = join(cacheDir, `apicurio-registry-${APICURIO_VERSION}`);
  const stateDir = join(cacheDir, 'apicurio-registry');
  const logsDir = join(cacheDir, 'logs');
  return {
    home,
    runJar: join(home, 'quarkus-run.jar'),
    marker: join(home, 'unpacked.complete'),
    mvnLog: join(logsDir, `apicurio-registry-${APICURIO_VERSION}.mvn.log`),
    dataDir: join(stateDir, 'data'),
    pidFile: join(stateDir, 'registry.pid'),
    classDataArchive: join(stateDir, 'registry.jsa'),
    log: join(logsDir, 'registry.log'),
  };
}
