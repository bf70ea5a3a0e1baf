import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadInfraConfig } from './infra.config';

const dir = mkdtempSync(join(tmpdir(), 'kafka-security-'));
const caFile = join(dir, 'ca.pem');
writeFileSync(caFile, '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n');
const notPem = join(dir, 'notes.txt');
writeFileSync(notPem, 'hello');
const brokers = { KAFKA_BROKERS: 'kafka-1:9093,kafka-2:9093' };
const sasl = {
  KAFKA_SASL_MECHANISM: 'scram-sha-512',
  KAFKA_SASL_USERNAME: 'handoff',
  KAFKA_SASL_PASSWORD: 's3cret',
};

describe('loadInfraConfig: how to reach a secured Kafka cluster', () => {
  it('builds one SASL_SSL connection from KAFKA_BROKERS and the KAFKA_SECURITY_* settings', () => {
    const { kafka } = loadInfraConfig({
      ...brokers,
      ...sasl,
      KAFKA_SECURITY_PROTOCOL: 'SASL_SSL',
      KAFKA_SSL_CA_FILE: caFile,
    });
    expect(kafka).toEqual({
      brokers: ['kafka-1:9093', 'kafka-2:9093'],
      protocol: 'SASL_SSL',
      tls: { caFile },
      sasl: { mechanism: 'scram-sha-512', username: 'handoff', password: 's3cret' },
    });
  });

  it('is plaintext when nothing is said, and TLS without a CA file trusts the system CAs', () => {
    expect(loadInfraConfig(brokers).kafka).toEqual({
      brokers: ['kafka-1:9093', 'kafka-2:9093'],
      protocol: 'PLAINTEXT',
    });
    expect(loadInfraConfig({ ...brokers, KAFKA_SECURITY_PROTOCOL: 'SSL' }).kafka.tls).toEqual({});
  });

  it('names every SASL variable a SASL protocol is missing', () => {
    const load = () => loadInfraConfig({ ...brokers, KAFKA_SECURITY_PROTOCOL: 'SASL_SSL' });
    expect(load).toThrow('KAFKA_SASL_MECHANISM: is required when KAFKA_SECURITY_PROTOCOL=SASL_SSL');
    expect(load).toThrow('KAFKA_SASL_USERNAME: is required');
    expect(load).toThrow('KAFKA_SASL_PASSWORD: is required');
  });

  it('refuses settings the protocol would silently ignore', () => {
    expect(() => loadInfraConfig({ ...brokers, ...sasl })).toThrow(
      'KAFKA_SASL_MECHANISM: is set, but KAFKA_SECURITY_PROTOCOL=PLAINTEXT does not use it',
    );
    expect(() =>
      loadInfraConfig({
        ...brokers,
        ...sasl,
        KAFKA_SECURITY_PROTOCOL: 'SASL_PLAINTEXT',
        KAFKA_SSL_CA_FILE: caFile,
      }),
    ).toThrow(
      'KAFKA_SSL_CA_FILE: is set, but KAFKA_SECURITY_PROTOCOL=SASL_PLAINTEXT does not use it',
    );
  });

  it('says which file it cannot read, or which holds no certificate', () => {
    const ssl = { ...brokers, KAFKA_SECURITY_PROTOCOL: 'SSL' };
    expect(() => loadInfraConfig({ ...ssl, KAFKA_SSL_CA_FILE: join(dir, 'missing.pem') })).toThrow(
      `KAFKA_SSL_CA_FILE: cannot read ${join(dir, 'missing.pem')} (ENOENT)`,
    );
    expect(() => loadInfraConfig({ ...ssl, KAFKA_SSL_CA_FILE: notPem })).toThrow(
      `KAFKA_SSL_CA_FILE: ${notPem} holds no PEM certificate`,
    );
  });

  it('needs a client certificate and its key together', () => {
    expect(() =>
      loadInfraConfig({ ...brokers, KAFKA_SECURITY_PROTOCOL: 'SSL', KAFKA_SSL_CERT_FILE: caFile }),
    ).toThrow('KAFKA_SSL_KEY_FILE: is required with its pair');
  });

  it('refuses an unknown protocol or mechanism, listing the accepted ones', () => {
    expect(() => loadInfraConfig({ ...brokers, KAFKA_SECURITY_PROTOCOL: 'TLS' })).toThrow(
      /KAFKA_SECURITY_PROTOCOL: Invalid enum value. Expected 'PLAINTEXT' \| 'SSL' \| 'SASL_PLAINTEXT' \| 'SASL_SSL'/,
    );
    expect(() =>
      loadInfraConfig({
        ...brokers,
        ...sasl,
        KAFKA_SECURITY_PROTOCOL: 'SASL_SSL',
        KAFKA_SASL_MECHANISM: 'gssapi',
      }),
    ).toThrow(/KAFKA_SASL_MECHANISM: Invalid enum value/);
  });

  it('without KAFKA_BROKERS, connects to the devstack broker as it is configured, and refuses KAFKA_SECURITY_*', () => {
    expect(loadInfraConfig({}).kafka).toEqual({
      brokers: ['127.0.0.1:19092'],
      protocol: 'PLAINTEXT',
    });
    expect(
      loadInfraConfig({ HANDOFF_KAFKA_SECURITY: 'sasl_ssl', HANDOFF_CACHE_DIR: '/tmp/c' }).kafka,
    ).toEqual({
      brokers: ['127.0.0.1:19092'],
      protocol: 'SASL_SSL',
      tls: { caFile: '/tmp/c/kafka-tls/ca.pem' },
      sasl: { mechanism: 'scram-sha-512', username: 'handoff', password: 'handoff-dev-secret' },
    });
    expect(() => loadInfraConfig({ KAFKA_SECURITY_PROTOCOL: 'SASL_SSL' })).toThrow(
      'KAFKA_SECURITY_PROTOCOL: applies to KAFKA_BROKERS, which is not set',
    );
  });
});
