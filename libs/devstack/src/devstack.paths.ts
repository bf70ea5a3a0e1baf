import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { devstackKafkaTlsFiles, type InfraConfig } from '@handoff/config';
import { kafkaGeneration } from './kafka/kafka-generation';
import { postgresUserCanEnter } from './postgres/postgres-run-as.resolver';

/** Where the devstack keeps jars, configuration, data, pid files and logs: all under the cache dir. */
export interface DevstackPaths {
  cacheDir: string;
  logsDir: string;
  /** Everything of one Kafka version: its jars, configuration and data (`kafka-<version>`). */
  kafkaHome: string;
  kafkaLibsDir: string;
  /** Written after the jars resolved completely; its absence means "resolve again". */
  kafkaJarsMarker: string;
  kafkaJarsLog: string;
  kafkaConfigDir: string;
  kafkaServerProperties: string;
  /** `log4j.properties` for reload4j (3.x) or `log4j2.properties` for log4j2 (4.x). */
  kafkaLoggingConfig: string;
  /**
   * Per version: a 3.9 log directory is not one a 4.x broker should adopt, nor the reverse. Per
   * security mode too: SCRAM users are written when the storage is formatted (`--add-scram`).
   */
  kafkaDataDir: string;
  /** The devstack's CA (`ca.pem`), its key, and the broker's key and certificate chain. */
  kafkaTlsDir: string;
  kafkaCaCert: string;
  kafkaCaKey: string;
  /** The broker's private key, its certificate and the CA's, in one PEM file (Kafka's PEM keystore). */
  kafkaBrokerKeystore: string;
  /** One for every version: a single broker runs on the devstack's ports at a time. */
  kafkaPidFile: string;
  /** In the command line of every broker the devstack started, whatever its version. */
  kafkaCommandMarker: string;
  /** The broker's own log (log4j). */
  kafkaLog: string;
  /** The JVM's stdout and stderr: start-up failures land here. */
  kafkaConsoleLog: string;
  postgresDataDir: string;
  postgresLog: string;
}

export function devstackPaths(config: InfraConfig): DevstackPaths {
  const cacheDir = resolve(config.cacheDir);
  const kafkaHome = join(cacheDir, `kafka-${config.kafkaVersion}`);
  const logsDir = join(cacheDir, 'logs');
  // The SASL_SSL broker has its own server.properties: a running broker's command line tells the mode.
  const mode = config.kafkaSecurity === 'sasl_ssl' ? '-sasl-ssl' : '';
  const tls = devstackKafkaTlsFiles(cacheDir);
  const loggingConfig =
    kafkaGeneration(config.kafkaVersion).logging === 'log4j2'
      ? 'log4j2.properties'
      : 'log4j.properties';
  return {
    cacheDir,
    logsDir,
    kafkaHome,
    kafkaLibsDir: join(kafkaHome, 'libs'),
    kafkaJarsMarker: join(kafkaHome, 'jars.complete'),
    kafkaJarsLog: join(logsDir, `kafka-${config.kafkaVersion}-jars.mvn.log`),
    kafkaConfigDir: join(kafkaHome, 'config'),
    kafkaServerProperties: join(kafkaHome, 'config', `server${mode}.properties`),
    kafkaLoggingConfig: join(kafkaHome, 'config', loggingConfig),
    kafkaDataDir: join(kafkaHome, `data${mode}`),
    kafkaTlsDir: tls.dir,
    kafkaCaCert: tls.caCert,
    kafkaCaKey: join(tls.dir, 'ca.key'),
    kafkaBrokerKeystore: join(tls.dir, 'broker.keystore.pem'),
    kafkaPidFile: join(cacheDir, 'kafka', 'kafka.pid'),
    // `<cache>/kafka-<version>/config/...`, and `<cache>/kafka/config/...` before data was per version.
    kafkaCommandMarker: join(cacheDir, 'kafka'),
    kafkaLog: join(logsDir, 'kafka.log'),
    kafkaConsoleLog: join(logsDir, 'kafka.console.log'),
    postgresDataDir: join(postgresHome(cacheDir), 'postgres-data'),
    postgresLog: join(postgresHome(cacheDir), 'postgres.log'),
  };
}

/**
 * As root, PostgreSQL runs as the `postgres` OS user, which cannot enter a checkout under a
 * private home (/root is mode 700). Its data and log then live in a world-traversable place of
 * their own, one per cache dir, so a fresh clone anywhere still starts.
 */
function postgresHome(cacheDir: string): string {
  // Judged on the nearest folder that exists: on a fresh clone the cache dir does not yet, and
  // the answer must not change once it does (the first `infra:up` would start a server that
  // later commands look for elsewhere, and `infra:down` would leave it running).
  if (postgresUserCanEnter(nearestExisting(cacheDir))) return cacheDir;
  const id = createHash('sha256').update(cacheDir).digest('hex').slice(0, 12);
  return join('/var/tmp', `handoff-devstack-${id}`);
}

function nearestExisting(dir: string): string {
  let current = dir;
  while (!existsSync(current) && dirname(current) !== current) current = dirname(current);
  return current;
}
