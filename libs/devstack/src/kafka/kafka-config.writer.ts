import { mkdirSync, writeFileSync } from 'node:fs';
import {
  DEVSTACK_KAFKA_CLIENT,
  DEVSTACK_KAFKA_INTER_BROKER,
  type InfraConfig,
} from '@handoff/config';
import type { DevstackPaths } from '../devstack.paths';
import { kafkaGeneration, type KafkaGeneration } from './kafka-generation';

/**
 * One combined broker and controller (KRaft), loopback only. Written on every start so that a
 * changed port in the environment takes effect.
 */
export function serverProperties(config: InfraConfig, paths: DevstackPaths): string {
  const broker = `127.0.0.1:${config.kafkaPort}`;
  const controller = `127.0.0.1:${config.kafkaControllerPort}`;
  const generation = kafkaGeneration(config.kafkaVersion);
  const listener = config.kafkaSecurity === 'sasl_ssl' ? 'SASL_SSL' : 'PLAINTEXT';
  return properties({
    'process.roles': 'broker,controller',
    'node.id': '1',
    ...quorum(generation, `${listener}://${broker}`, controller),
    listeners: `${listener}://${broker},CONTROLLER://${controller}`,
    'listener.security.protocol.map': `${listener}:${listener},CONTROLLER:PLAINTEXT`,
    'inter.broker.listener.name': listener,
    'controller.listener.names': 'CONTROLLER',
    ...(listener === 'SASL_SSL' ? saslSsl(paths) : {}),
    'log.dirs': paths.kafkaDataDir,
    // Every topic comes from the catalog; a misspelt name must fail, not create a stray topic.
    'auto.create.topics.enable': 'false',
    'num.partitions': '6',
    'default.replication.factor': '1',
    'min.insync.replicas': '1',
    'offsets.topic.replication.factor': '1',
    'transaction.state.log.replication.factor': '1',
    'transaction.state.log.min.isr': '1',
    ...shareGroupState(generation),
    // Tests create many short-lived groups; the default 3 s wait before the first rebalance adds up.
    'group.initial.rebalance.delay.ms': '0',
  });
}

/**
 * 3.9: a static quorum (`controller.quorum.voters`). 4.x: a dynamic quorum bootstrapped from the
 * controller listener, formatted `--standalone` (the 4.x default; a static quorum refuses that flag).
 */
function quorum(
  generation: KafkaGeneration,
  broker: string,
  controller: string,
): Record<string, string> {
  return generation.quorum === 'dynamic'
    ? {
        'controller.quorum.bootstrap.servers': controller,
        'advertised.listeners': `${broker},CONTROLLER://${controller}`,
      }
    : {
        'controller.quorum.voters': `1@${controller}`,
        'advertised.listeners': broker,
      };
}

/**
 * The only client listener speaks SASL over TLS; the controller listener stays PLAINTEXT on
 * loopback (only this process uses it). SCRAM-SHA-512 users are created when the storage is
 * formatted; PLAIN users live in the JAAS line, as Kafka's PlainLoginModule expects. The broker
 * itself connects to this listener as `broker` (inter-broker traffic), checking the CA like any client.
 */
function saslSsl(paths: DevstackPaths): Record<string, string> {
  const self = DEVSTACK_KAFKA_INTER_BROKER;
  const plainUsers = [self, DEVSTACK_KAFKA_CLIENT]
    .map((u) => `user_${u.username}="${u.password}"`)
    .join(' ');
  const login = `username="${self.username}" password="${self.password}"`;
  return {
    'sasl.enabled.mechanisms': 'SCRAM-SHA-512,PLAIN',
    'sasl.mechanism.inter.broker.protocol': 'SCRAM-SHA-512',
    'listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config': `org.apache.kafka.common.security.scram.ScramLoginModule required ${login};`,
    'listener.name.sasl_ssl.plain.sasl.jaas.config': `org.apache.kafka.common.security.plain.PlainLoginModule required ${login} ${plainUsers};`,
    'ssl.keystore.type': 'PEM',
    'ssl.keystore.location': paths.kafkaBrokerKeystore,
    'ssl.truststore.type': 'PEM',
    'ssl.truststore.location': paths.kafkaCaCert,
    'ssl.client.auth': 'none',
  };
}

/** `kafka-storage format --add-scram` arguments: SCRAM users exist before the broker first starts. */
export function scramUserArgs(config: InfraConfig): string[] {
  if (config.kafkaSecurity !== 'sasl_ssl') return [];
  return [DEVSTACK_KAFKA_INTER_BROKER, DEVSTACK_KAFKA_CLIENT].flatMap((u) => [
    '--add-scram',
    `SCRAM-SHA-512=[name=${u.username},password=${u.password}]`,
  ]);
}

/** 4.x's share groups keep their state in an internal topic that defaults to 3 replicas. */
function shareGroupState(generation: KafkaGeneration): Record<string, string> {
  if (generation.major < 4) return {};
  return {
    'share.coordinator.state.topic.replication.factor': '1',
    'share.coordinator.state.topic.min.isr': '1',
  };
}

/** Everything goes to one rolling file, in the format of the version's logging backend. */
export function loggingConfig(config: InfraConfig, paths: DevstackPaths): string {
  return kafkaGeneration(config.kafkaVersion).logging === 'log4j2'
    ? log4j2Properties(paths)
    : log4jProperties(paths);
}

/** Kafka 3.9 logs through reload4j (log4j 1.x properties). */
function log4jProperties(paths: DevstackPaths): string {
  return properties({
    'log4j.rootLogger': 'INFO, file',
    'log4j.appender.file': 'org.apache.log4j.RollingFileAppender',
    'log4j.appender.file.File': paths.kafkaLog,
    'log4j.appender.file.MaxFileSize': '50MB',
    'log4j.appender.file.MaxBackupIndex': '3',
    'log4j.appender.file.layout': 'org.apache.log4j.PatternLayout',
    'log4j.appender.file.layout.ConversionPattern': LOG_PATTERN,
    'log4j.logger.kafka.request.logger': 'WARN',
    'log4j.logger.org.apache.kafka.clients': 'WARN',
  });
}

/**
 * Kafka 4.x logs through log4j2. Its distribution ships YAML, which needs Jackson's YAML module on
 * the class path; log4j2's properties format needs nothing beyond log4j-core.
 */
function log4j2Properties(paths: DevstackPaths): string {
  return properties({
    status: 'warn',
    'appender.file.type': 'RollingFile',
    'appender.file.name': 'file',
    'appender.file.fileName': paths.kafkaLog,
    'appender.file.filePattern': `${paths.kafkaLog}.%i`,
    'appender.file.layout.type': 'PatternLayout',
    'appender.file.layout.pattern': LOG_PATTERN,
    'appender.file.policies.type': 'Policies',
    'appender.file.policies.size.type': 'SizeBasedTriggeringPolicy',
    'appender.file.policies.size.size': '50MB',
    'appender.file.strategy.type': 'DefaultRolloverStrategy',
    'appender.file.strategy.max': '3',
    'rootLogger.level': 'INFO',
    'rootLogger.appenderRef.file.ref': 'file',
    'logger.request.name': 'kafka.request.logger',
    'logger.request.level': 'WARN',
    'logger.clients.name': 'org.apache.kafka.clients',
    'logger.clients.level': 'WARN',
  });
}

const LOG_PATTERN = '[%d] %p %m (%c)%n';

export function writeKafkaConfig(config: InfraConfig, paths: DevstackPaths): void {
  mkdirSync(paths.kafkaConfigDir, { recursive: true });
  writeFileSync(paths.kafkaServerProperties, serverProperties(config, paths));
  writeFileSync(paths.kafkaLoggingConfig, loggingConfig(config, paths));
}

function properties(entries: Record<string, string>): string {
  const header =
    '# Written by the devstack (libs/devstack) on every start; edits are overwritten.\n';
  return (
    header +
    Object.entries(entries)
      .map(([k, v]) => `${k}=${v.replace(/\\/g, '\\\\')}\n`)
      .join('')
  );
}
