import { ConfigError } from './load-config';
import { loadInfraConfig } from './infra.config';

describe('loadInfraConfig: the devstack broker version', () => {
  it('runs Kafka 4.1.1 by default', () => {
    expect(loadInfraConfig({}).kafkaVersion).toBe('4.1.1');
  });

  it.each(['3.9.1', '3.9.0', '4.1.1', '4.1.0'])('runs Kafka %s when asked', (version) => {
    expect(loadInfraConfig({ HANDOFF_KAFKA_VERSION: version }).kafkaVersion).toBe(version);
  });

  it.each(['3.8.1', '4.0.0', '4.2.0', '2.8.2', 'latest'])(
    'refuses Kafka %s, naming the variable and the lines it accepts',
    (version) => {
      expect(() => loadInfraConfig({ HANDOFF_KAFKA_VERSION: version })).toThrow(
        'HANDOFF_KAFKA_VERSION: must be a 3.9.x or 4.1.x release',
      );
    },
  );
});

describe('loadInfraConfig: outside development', () => {
  const given = {
    KAFKA_BROKERS: 'kafka-1:9092,kafka-2:9092',
    DATABASE_URL: 'postgres://handoff@db.internal:5432/handoff',
  };

  it.each([{}, { NODE_ENV: '' }, { NODE_ENV: 'development' }, { NODE_ENV: 'test' }])(
    'falls back to the devstack with %j',
    (env) => {
      expect(loadInfraConfig(env)).toMatchObject({
        ownKafka: true,
        ownPostgres: true,
        kafka: { brokers: ['127.0.0.1:19092'], protocol: 'PLAINTEXT' },
        databaseUrl: 'postgres://handoff:handoff@127.0.0.1:15432/handoff',
      });
    },
  );

  it('refuses to start in production without KAFKA_BROKERS and DATABASE_URL, naming both', () => {
    const production = () => loadInfraConfig({ NODE_ENV: 'production' });
    expect(production).toThrow(ConfigError);
    expect(production).toThrow(
      "KAFKA_BROKERS: is required when NODE_ENV=production: the devstack's defaults are for development only",
    );
    expect(production).toThrow('DATABASE_URL: is required when NODE_ENV=production');
  });

  it.each(['KAFKA_BROKERS', 'DATABASE_URL'] as const)(
    'refuses production when only %s is missing (or empty)',
    (missing) => {
      const env = { ...given, NODE_ENV: 'production' };
      expect(() => loadInfraConfig({ ...env, [missing]: undefined })).toThrow(
        new RegExp(
          `^Invalid configuration:\\n  - ${missing}: is required when NODE_ENV=production`,
        ),
      );
      if (missing === 'KAFKA_BROKERS') {
        expect(() => loadInfraConfig({ ...env, KAFKA_BROKERS: ' , ' })).toThrow(/KAFKA_BROKERS/);
      }
    },
  );

  it('treats any other named environment (staging) like production', () => {
    expect(() => loadInfraConfig({ NODE_ENV: 'staging' })).toThrow(
      /KAFKA_BROKERS: is required when NODE_ENV=staging/,
    );
  });

  it('uses what production gives it', () => {
    expect(loadInfraConfig({ ...given, NODE_ENV: 'production' })).toMatchObject({
      ownKafka: false,
      ownPostgres: false,
      kafka: { brokers: ['kafka-1:9092', 'kafka-2:9092'], protocol: 'PLAINTEXT' },
      databaseUrl: given.DATABASE_URL,
    });
  });
});

describe('loadInfraConfig: dead-letter retention', () => {
  it('keeps dead letters until handled by default', () => {
    expect(loadInfraConfig({}).deadLetterRetentionMs).toBe(-1);
  });

  it('takes a retention of a day or more', () => {
    const env = { DEAD_LETTER_RETENTION_MS: '2592000000' };
    expect(loadInfraConfig(env).deadLetterRetentionMs).toBe(2_592_000_000);
  });

  it.each(['0', '604800', '-2', 'forever'])('refuses DEAD_LETTER_RETENTION_MS=%s', (value) => {
    const load = () => loadInfraConfig({ DEAD_LETTER_RETENTION_MS: value });
    expect(load).toThrow(ConfigError);
    expect(load).toThrow('DEAD_LETTER_RETENTION_MS: must be -1');
  });
});
