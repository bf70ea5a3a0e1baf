import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { loadConfig, loadInfraConfig, port, type KafkaConnection } from '@handoff/config';
import { devstackPaths, startKafka, stopKafka, type ProgressReporter } from '@handoff/devstack';
import { catalogTopicSpecs, connectTopicAdmin } from '@handoff/messaging';
import { infra } from '../../support/test-infra';

/** The second broker's ports: its own, so the suite's plaintext broker is never touched. */
const portsSchema = z.object({
  HANDOFF_SECURE_KAFKA_PORT: port(19094),
  HANDOFF_SECURE_KAFKA_CONTROLLER_PORT: port(19095),
});

export interface SaslSslBroker {
  /** What a client of a real secured cluster exports: KAFKA_BROKERS and the KAFKA_SECURITY_* settings. */
  env: Record<string, string>;
  /** The same, as the services' own configuration reads it. */
  kafka: KafkaConnection;
  stop(): Promise<void>;
}

const quiet: ProgressReporter = { step: () => undefined };

/**
 * A broker with only a SASL_SSL listener, started by the devstack's own code (certificates by
 * openssl, SCRAM users by Kafka's storage tool) in a cache folder of its own, formatted afresh on
 * every run. It borrows the main cache's Kafka jars instead of resolving them again.
 */
export async function startSaslSslBroker(): Promise<SaslSslBroker> {
  const ports = loadConfig(portsSchema, process.env);
  const config = loadInfraConfig({
    HANDOFF_KAFKA_SECURITY: 'sasl_ssl',
    HANDOFF_KAFKA_PORT: String(ports.HANDOFF_SECURE_KAFKA_PORT),
    HANDOFF_KAFKA_CONTROLLER_PORT: String(ports.HANDOFF_SECURE_KAFKA_CONTROLLER_PORT),
    HANDOFF_KAFKA_VERSION: infra.kafkaVersion,
    HANDOFF_KAFKA_HEAP_MAX: '512m',
    HANDOFF_CACHE_DIR: join(infra.cacheDir, 'e2e-sasl-ssl'),
  });
  const shared = devstackPaths(infra);
  const paths = {
    ...devstackPaths(config),
    kafkaLibsDir: shared.kafkaLibsDir,
    kafkaJarsMarker: shared.kafkaJarsMarker,
  };
  // A broker left by an interrupted run would keep its old data; this run starts from nothing.
  await stopKafka(paths, quiet);
  rmSync(paths.cacheDir, { recursive: true, force: true });
  await startKafka(config, paths, quiet);
  const { kafka } = config;
  const admin = await connectTopicAdmin(kafka, 'e2e-sasl-ssl');
  try {
    await admin.ensureTopics(catalogTopicSpecs());
  } finally {
    await admin.close();
  }
  const env = {
    KAFKA_BROKERS: kafka.brokers.join(','),
    KAFKA_SECURITY_PROTOCOL: 'SASL_SSL',
    KAFKA_SSL_CA_FILE: kafka.tls!.caFile!,
    KAFKA_SASL_MECHANISM: 'scram-sha-512',
    KAFKA_SASL_USERNAME: kafka.sasl!.username,
    KAFKA_SASL_PASSWORD: kafka.sasl!.password,
  };
  return {
    env,
    kafka: loadInfraConfig({ ...env, HANDOFF_CACHE_DIR: infra.cacheDir }).kafka,
    stop: () => stopKafka(paths, quiet),
  };
}
