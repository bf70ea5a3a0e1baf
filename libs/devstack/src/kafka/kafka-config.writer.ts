import { mkdirSync, writeFileSync } from 'node:fs';
import type { InfraConfig } from '@handoff/config';
import type { DevstackPaths } from '../devstack.paths';

/**
 * One combined broker and controller (KRaft), loopback only. Written on every start so that a
 * changed port in the environment takes effect.
 */
export function serverProperties(config: InfraConfig, paths: DevstackPaths): string {
  const broker = `127.0.0.1:${config.kafkaPort}`;
  const controller = `127.0.0.1:${config.kafkaControllerPort}`;
  return properties({
    'process.roles': 'broker,controller',
    'node.id': '1',
    'controller.quorum.voters': `1@${controller}`,
    listeners: `PLAINTEXT://${broker},CONTROLLER://${controller}`,
    'advertised.listeners': `PLAINTEXT://${broker}`,
    'listener.security.protocol.map': 'PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT',
    'inter.broker.listener.name': 'PLAINTEXT',
    'controller.listener.names': 'CONTROLLER',
    'log.dirs': paths.kafkaDataDir,
    // Every topic comes from the catalog; a misspelt name must fail, not create a stray topic.
    'auto.create.topics.enable': 'false',
    'num.partitions': '6',
    'default.replication.factor': '1',
    'min.insync.replicas': '1',
    'offsets.topic.replication.factor': '1',
    'transaction.state.log.replication.factor': '1',
    'transaction.state.log.min.isr': '1',
    // Tests create many short-lived groups; the default 3 s wait before the first rebalance adds up.
    'group.initial.rebalance.delay.ms': '0',
  });
}

/** Kafka 3.9 logs through reload4j (log4j 1.x properties); everything goes to one rolling file. */
export function log4jProperties(paths: DevstackPaths): string {
  return properties({
    'log4j.rootLogger': 'INFO, file',
    'log4j.appender.file': 'org.apache.log4j.RollingFileAppender',
    'log4j.appender.file.File': paths.kafkaLog,
    'log4j.appender.file.MaxFileSize': '50MB',
    'log4j.appender.file.MaxBackupIndex': '3',
    'log4j.appender.file.layout': 'org.apache.log4j.PatternLayout',
    'log4j.appender.file.layout.ConversionPattern': '[%d] %p %m (%c)%n',
    'log4j.logger.kafka.request.logger': 'WARN',
    'log4j.logger.org.apache.kafka.clients': 'WARN',
  });
}

export function writeKafkaConfig(config: InfraConfig, paths: DevstackPaths): void {
  mkdirSync(paths.kafkaConfigDir, { recursive: true });
  writeFileSync(paths.kafkaServerProperties, serverProperties(config, paths));
  writeFileSync(paths.kafkaLog4jProperties, log4jProperties(paths));
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
