import { loadInfraConfig } from '@handoff/config';
import { devstackPaths } from '../devstack.paths';
import { loggingConfig, scramUserArgs, serverProperties } from './kafka-config.writer';
import { kafkaGeneration } from './kafka-generation';
import { kafkaJvmArgs } from './kafka-jvm.args';

const configOf = (version: string) =>
  loadInfraConfig({
    HANDOFF_KAFKA_VERSION: version,
    HANDOFF_KAFKA_PORT: '39092',
    HANDOFF_KAFKA_CONTROLLER_PORT: '39093',
    HANDOFF_CACHE_DIR: '/tmp/handoff-cache',
  });

function parse(properties: string): Record<string, string> {
  return Object.fromEntries(
    properties
      .split('\n')
      .filter((line) => line && !line.startsWith('#'))
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  );
}

describe('devstack Kafka 3.9', () => {
  const config = configOf('3.9.1');
  const paths = devstackPaths(config);

  it('runs a static controller quorum', () => {
    const props = parse(serverProperties(config, paths));
    expect(props['controller.quorum.voters']).toBe('1@127.0.0.1:39093');
    expect(props['controller.quorum.bootstrap.servers']).toBeUndefined();
    expect(props['advertised.listeners']).toBe('PLAINTEXT://127.0.0.1:39092');
  });

  it('logs through reload4j with a log4j 1.x properties file', () => {
    expect(paths.kafkaLoggingConfig).toBe('/tmp/handoff-cache/kafka-3.9.1/config/log4j.properties');
    expect(parse(loggingConfig(config, paths))['log4j.appender.file.File']).toBe(paths.kafkaLog);
    expect(kafkaJvmArgs(paths, config.kafkaVersion, '1g')).toContain(
      `-Dlog4j.configuration=file:${paths.kafkaLoggingConfig}`,
    );
    expect(kafkaGeneration(config.kafkaVersion).mavenProfile).toBe('kafka3');
  });
});

describe('devstack Kafka 4.1', () => {
  const config = configOf('4.1.1');
  const paths = devstackPaths(config);

  it('runs a dynamic controller quorum, as 4.x formats it with --standalone', () => {
    const props = parse(serverProperties(config, paths));
    expect(props['controller.quorum.bootstrap.servers']).toBe('127.0.0.1:39093');
    expect(props['controller.quorum.voters']).toBeUndefined();
    expect(props['advertised.listeners']).toBe(
      'PLAINTEXT://127.0.0.1:39092,CONTROLLER://127.0.0.1:39093',
    );
    expect(props['share.coordinator.state.topic.replication.factor']).toBe('1');
    expect(kafkaGeneration(config.kafkaVersion).quorum).toBe('dynamic');
  });

  it('logs through log4j2 with a log4j2 properties file', () => {
    expect(paths.kafkaLoggingConfig).toBe(
      '/tmp/handoff-cache/kafka-4.1.1/config/log4j2.properties',
    );
    const logging = parse(loggingConfig(config, paths));
    expect(logging['appender.file.fileName']).toBe(paths.kafkaLog);
    expect(logging['rootLogger.appenderRef.file.ref']).toBe(logging['appender.file.name']);
    expect(kafkaJvmArgs(paths, config.kafkaVersion, '1g')).toContain(
      `-Dlog4j2.configurationFile=${paths.kafkaLoggingConfig}`,
    );
    expect(kafkaGeneration(config.kafkaVersion).mavenProfile).toBe('kafka4');
  });
});

describe('devstack Kafka folders', () => {
  it('keeps jars, configuration and data per version, and one pid file for the ports', () => {
    const old = devstackPaths(configOf('3.9.1'));
    const next = devstackPaths(configOf('4.1.1'));
    expect(old.kafkaDataDir).toBe('/tmp/handoff-cache/kafka-3.9.1/data');
    expect(next.kafkaDataDir).toBe('/tmp/handoff-cache/kafka-4.1.1/data');
    expect(next.kafkaLibsDir).toBe('/tmp/handoff-cache/kafka-4.1.1/libs');
    expect(next.kafkaServerProperties).toContain(next.kafkaCommandMarker);
    expect(old.kafkaServerProperties).toContain(old.kafkaCommandMarker);
    expect(old.kafkaPidFile).toBe(next.kafkaPidFile);
  });

  it('refuses a version of another line', () => {
    expect(() => kafkaGeneration('2.8.2')).toThrow(/3.x and 4.x lines only/);
  });
});

describe('devstack Kafka with HANDOFF_KAFKA_SECURITY=sasl_ssl', () => {
  const config = loadInfraConfig({
    HANDOFF_KAFKA_SECURITY: 'sasl_ssl',
    HANDOFF_KAFKA_PORT: '39092',
    HANDOFF_KAFKA_CONTROLLER_PORT: '39093',
    HANDOFF_CACHE_DIR: '/tmp/handoff-cache',
  });
  const paths = devstackPaths(config);
  const props = parse(serverProperties(config, paths));

  it('listens for clients and other brokers on SASL_SSL only; the controller stays on loopback', () => {
    expect(props.listeners).toBe('SASL_SSL://127.0.0.1:39092,CONTROLLER://127.0.0.1:39093');
    expect(props['listener.security.protocol.map']).toBe('SASL_SSL:SASL_SSL,CONTROLLER:PLAINTEXT');
    expect(props['inter.broker.listener.name']).toBe('SASL_SSL');
    expect(props['sasl.enabled.mechanisms']).toBe('SCRAM-SHA-512,PLAIN');
    expect(props['ssl.keystore.location']).toBe('/tmp/handoff-cache/kafka-tls/broker.keystore.pem');
  });

  it('keeps its own configuration and data, so SCRAM users formatted into it are never missing', () => {
    expect(paths.kafkaServerProperties).toBe(
      '/tmp/handoff-cache/kafka-4.1.1/config/server-sasl-ssl.properties',
    );
    expect(paths.kafkaDataDir).toBe('/tmp/handoff-cache/kafka-4.1.1/data-sasl-ssl');
    expect(scramUserArgs(config)).toEqual([
      '--add-scram',
      'SCRAM-SHA-512=[name=broker,password=broker-dev-secret]',
      '--add-scram',
      'SCRAM-SHA-512=[name=handoff,password=handoff-dev-secret]',
    ]);
    expect(scramUserArgs(configOf('4.1.1'))).toEqual([]);
  });
});
